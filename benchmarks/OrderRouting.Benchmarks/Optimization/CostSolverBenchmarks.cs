using BenchmarkDotNet.Attributes;
using OrderRouting.Routing.Optimization;

namespace OrderRouting.Benchmarks.Optimization;

/// <summary>
/// The <c>cost</c> solver on orders of 3 SKUs: 10 locations (exact), 100 locations with stock in 16 (exact) and
/// 100 locations all holding stock (heuristic). One operation is one order.
/// </summary>
public class CostSolverBenchmarks
{
    private const int Orders = 128;
    private readonly CostSolver _solver = new();
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
        if (int.Parse(parts[1]) > _solver.ExactLimit) ReportGap();
        long nodes = 0, shipments = 0;
        foreach (var order in _orders)
        {
            shipments += _solver.Solve(order, singleShipment: false).Shipments;
            nodes += _solver.Nodes;
        }
        var split = OptimizationWorkload.OrdersPerCpuSecond(_orders, order => _solver.Solve(order, singleShipment: false));
        var single = OptimizationWorkload.OrdersPerCpuSecond(_orders, order => _solver.Solve(order, singleShipment: true));
        Console.WriteLine($"// NODES {Network} {Stock}: {nodes / (double)Orders:F1} search nodes and {shipments / (double)Orders:F2} shipments per order; " +
            $"CPU time: split {split:F0} orders/s, single shipment {single:F0} orders/s");
    }

    /// <summary>Prints how far the heuristic is from the exact optimum (unbounded branch and bound) on these orders.</summary>
    private void ReportGap()
    {
        var exact = new CostSolver { ExactLimit = int.MaxValue };
        double sumGap = 0, maxGap = 0;
        int proven = 0, optimal = 0;
        long exactNodes = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var order in _orders)
        {
            var cost = _solver.Solve(order, singleShipment: false).Cost;
            if (_solver.Solve(order, false).Proven) proven++;
            var best = exact.Solve(order, singleShipment: false).Cost;
            exactNodes += exact.Nodes;
            var gap = best == 0 ? 0 : (cost - best) / best;
            sumGap += gap;
            maxGap = Math.Max(maxGap, gap);
            if (gap <= 1e-6) optimal++;
        }
        Console.WriteLine($"// GAP {Network} {Stock}: heuristic optimal on {optimal}/{_orders.Length} orders, " +
            $"proven on {proven}, mean gap {sumGap / _orders.Length:P3}, max gap {maxGap:P3}; " +
            $"unbounded exact search: {exactNodes / (double)_orders.Length:F0} nodes and " +
            $"{started.Elapsed.TotalMilliseconds * 1000 / _orders.Length:F0} µs per order (both solvers timed together)");
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public double Split()
    {
        double total = 0;
        foreach (var order in _orders) total += _solver.Solve(order, singleShipment: false).Cost;
        return total;
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public double SingleShipment()
    {
        double total = 0;
        foreach (var order in _orders) total += _solver.Solve(order, singleShipment: true).Cost;
        return total;
    }
}
