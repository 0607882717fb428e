using BenchmarkDotNet.Attributes;
using OrderRouting.Routing.Optimization;

namespace OrderRouting.Benchmarks.Optimization;

/// <summary>
/// The <c>minimize</c> split's set cover on orders of 3 SKUs: 10 locations, 100 with stock in 16 (both exact) and
/// 100 all holding stock (heuristic beyond 16). One operation is one order.
/// </summary>
public class SetCoverSolverBenchmarks
{
    private const int Orders = 128;
    private readonly SetCoverSolver _solver = new();
    private RoutingProblem[] _orders = [];

    /// <summary>Locations / locations holding stock.</summary>
    [Params("10/10", "100/16", "100/100")]
    public string Network { get; set; } = "10/10";

    [Params(StockLevel.Ample, StockLevel.Scarce)]
    public StockLevel Stock { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parts = Network.Split('/');
        _orders = OptimizationWorkload.Orders(Orders, int.Parse(parts[0]), int.Parse(parts[1]), Stock);
        long nodes = 0, size = 0;
        var proven = 0;
        foreach (var order in _orders)
        {
            var plan = _solver.Solve(order);
            size += plan.Count;
            if (plan.Proven) proven++;
            nodes += _solver.Nodes;
        }
        var rate = OptimizationWorkload.OrdersPerCpuSecond(_orders, order => _solver.Solve(order));
        Console.WriteLine($"// COVER {Network} {Stock}: proven on {proven}/{Orders} orders, {nodes / (double)Orders:F1} search nodes and " +
            $"{size / (double)Orders:F2} locations per order; CPU time: {rate:F0} orders/s");
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public int Minimize()
    {
        var total = 0;
        foreach (var order in _orders) total += _solver.Solve(order).Count;
        return total;
    }
}
