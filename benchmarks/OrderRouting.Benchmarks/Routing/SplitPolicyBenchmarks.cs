using BenchmarkDotNet.Attributes;
using OrderRouting.Orders;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;

namespace OrderRouting.Benchmarks.Routing;

/// <summary>The <c>cost</c> strategy and the <c>minimize</c> split: exact at 10 locations, exact at 100 locations with
/// stock in 16 of them, heuristic at 100 locations that all hold stock.</summary>
[IterationTime(100)] // 100 ms iterations keep the 30-case suite to a few minutes on a shared 2-core machine
public class SplitPolicyBenchmarks
{
    private RoutingEngine _engine = null!;
    private InMemoryStockView _stock = null!;
    private Order _order = null!;

    [Params("10 (all stocked)", "100 (16 stocked)", "100 (all stocked)")]
    public string Network { get; set; } = "10 (all stocked)";

    [Params("cost", "minimize")]
    public string Policy { get; set; } = "cost";

    [GlobalSetup]
    public void Setup()
    {
        var (network, stock) = Network switch
        {
            "10 (all stocked)" => RoutingBenchmarkNetwork.Create(10),
            "100 (16 stocked)" => RoutingBenchmarkNetwork.Create(100, stocked: 16),
            _ => RoutingBenchmarkNetwork.Create(100),
        };
        var policy = Policy == "cost"
            ? new RoutingPolicy { Strategy = RankingStrategies.Cost }
            : new RoutingPolicy { Strategy = RankingStrategies.Priority, Split = SplitPolicy.Minimize };
        _engine = new RoutingEngine(network, policy);
        _stock = stock;
        _order = RoutingBenchmarkNetwork.ThreeLineOrder();
    }

    [Benchmark]
    public RoutingResult Route() => _engine.Route(_order, _stock);
}
