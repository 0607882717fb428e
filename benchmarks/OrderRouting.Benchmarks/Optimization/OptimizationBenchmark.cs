using BenchmarkDotNet.Attributes;
using OrderRouting.Routing.Optimization;

namespace OrderRouting.Benchmarks.Optimization;

/// <summary>
/// What the solver benchmarks share: the networks and stock levels they run on and the 128 orders of 3 SKUs
/// each one solves. One operation is one order.
/// </summary>
public abstract class OptimizationBenchmark
{
    /// <summary>Orders solved per invocation.</summary>
    protected const int Orders = 128;

    /// <summary>The orders of the current network and stock level.</summary>
    private protected RoutingProblem[] Problems { get; private set; } = [];

    /// <summary>How many locations hold stock in the current network.</summary>
    protected int StockedLocations { get; private set; }

    /// <summary>Locations / locations holding stock.</summary>
    [Params("10/10", "100/16", "100/100")]
    public string Network { get; set; } = "10/10";

    [Params(StockLevel.Ample, StockLevel.Scarce)]
    public StockLevel Stock { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parts = Network.Split('/');
        StockedLocations = int.Parse(parts[1]);
        Problems = OptimizationWorkload.Orders(Orders, int.Parse(parts[0]), StockedLocations, Stock);
        Describe();
    }

    /// <summary>Prints the solver's own figures (search nodes, CPU-time rate) for the current orders.</summary>
    protected abstract void Describe();
}
