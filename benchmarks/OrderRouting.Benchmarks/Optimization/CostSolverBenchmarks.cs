using BenchmarkDotNet.Attributes;
using OrderRouting.Routing.Optimization;

namespace OrderRouting.Benchmarks.Optimization;

/// <summary>
/// The <c>cost</c> solver on orders of 3 SKUs: 10 locations (exact), 100 locations with stock in 16 (exact) and
/// 100 locations all holding stock (heuristic). One operation is one order.
/// </summary>
public class CostSolverBenchmarks : OptimizationBenchmark
{
    private readonly CostSolver _solver = new();

    /// <inheritdoc />
    protected override void Describe()
    {
        if (StockedLocations > _solver.ExactLimit) ReportGap();
        long nodes = 0, shipments = 0;
        foreach (var order in Problems)
        {
            shipments += _solver.Solve(order, singleShipment: false).Shipments;
            nodes += _solver.Nodes;
        }
        var split = OptimizationWorkload.OrdersPerCpuSecond(Problems, order => _solver.Solve(order, singleShipment: false));
        var single = OptimizationWorkload.OrdersPerCpuSecond(Problems, order => _solver.Solve(order, singleShipment: true));
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
        foreach (var order in Problems)
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
        Console.WriteLine($"// GAP {Network} {Stock}: heuristic optimal on {optimal}/{Problems.Length} orders, " +
            $"proven on {proven}, mean gap {sumGap / Problems.Length:P3}, max gap {maxGap:P3}; " +
            $"unbounded exact search: {exactNodes / (double)Problems.Length:F0} nodes and " +
            $"{started.Elapsed.TotalMilliseconds * 1000 / Problems.Length:F0} µs per order (both solvers timed together)");
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public double Split()
    {
        double total = 0;
        foreach (var order in Problems) total += _solver.Solve(order, singleShipment: false).Cost;
        return total;
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public double SingleShipment()
    {
        double total = 0;
        foreach (var order in Problems) total += _solver.Solve(order, singleShipment: true).Cost;
        return total;
    }
}
