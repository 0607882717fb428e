using BenchmarkDotNet.Attributes;
using OrderRouting.Routing.Optimization;

namespace OrderRouting.Benchmarks.Optimization;

/// <summary>
/// The <c>minimize</c> split's set cover on orders of 3 SKUs: 10 locations, 100 with stock in 16 (both exact) and
/// 100 all holding stock (heuristic beyond 16). One operation is one order.
/// </summary>
public class SetCoverSolverBenchmarks : OptimizationBenchmark
{
    private readonly SetCoverSolver _solver = new();

    /// <inheritdoc />
    protected override void Describe()
    {
        long nodes = 0, size = 0;
        var proven = 0;
        foreach (var order in Problems)
        {
            var plan = _solver.Solve(order);
            size += plan.Count;
            if (plan.Proven) proven++;
            nodes += _solver.Nodes;
        }
        var rate = OptimizationWorkload.OrdersPerCpuSecond(Problems, order => _solver.Solve(order));
        Console.WriteLine($"// COVER {Network} {Stock}: proven on {proven}/{Orders} orders, {nodes / (double)Orders:F1} search nodes and " +
            $"{size / (double)Orders:F2} locations per order; CPU time: {rate:F0} orders/s");
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public int Minimize()
    {
        var total = 0;
        foreach (var order in Problems) total += _solver.Solve(order).Count;
        return total;
    }
}
