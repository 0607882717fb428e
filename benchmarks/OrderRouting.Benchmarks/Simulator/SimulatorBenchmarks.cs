using BenchmarkDotNet.Attributes;
using OrderRouting.Simulator.Results;
using OrderRouting.Simulator.Routing;
using OrderRouting.Simulator.Scenarios;

namespace OrderRouting.Benchmarks.Simulator;

/// <summary>
/// The what-if simulator end to end on a generated scenario file: read and validate the JSON, route every order on
/// the engine (committing stock and capacity after each), and write the result JSON (to a null stream). One
/// operation is the whole file; divide by <see cref="Orders"/> for the cost of one order.
/// </summary>
[MemoryDiagnoser]
public class SimulatorBenchmarks
{
    private byte[] _scenario = [];

    /// <summary>Orders in the file.</summary>
    [Params(10_000)]
    public int Orders { get; set; }

    /// <summary>The policy: <c>strategy/split</c>.</summary>
    [Params("priority/greedy", "distance/none", "cost/greedy")]
    public string Policy { get; set; } = "priority/greedy";

    [GlobalSetup]
    public void Setup()
    {
        var policy = Policy.Split('/');
        _scenario = GeneratedScenario.Create(Orders, policy[0], policy[1]);
        if (!ScenarioReader.Read(_scenario).IsValid) throw new InvalidOperationException("the generated scenario is invalid");
    }

    /// <summary>Read and validate only.</summary>
    [Benchmark]
    public int Read() => ScenarioReader.Read(_scenario).Scenario!.Orders.Count;

    /// <summary>Parse, route and write: what <c>route scenario.json</c> does, without the process start.</summary>
    [Benchmark]
    public long ParseRouteWrite()
    {
        var scenario = ScenarioReader.Read(_scenario).Scenario!;
        using var writer = new ResultWriter(Stream.Null);
        new ScenarioSimulation(scenario).Run(writer);
        return writer.Totals.UnitsAllocated;
    }
}
