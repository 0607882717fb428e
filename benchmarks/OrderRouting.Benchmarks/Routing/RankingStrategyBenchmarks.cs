using BenchmarkDotNet.Attributes;
using OrderRouting.Orders;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;

namespace OrderRouting.Benchmarks.Routing;

/// <summary>Routes one 3-line order with the greedy split, by each strategy, over 10, 100 and 1,000 locations.</summary>
[IterationTime(100)] // 100 ms iterations keep the 30-case suite to a few minutes on a shared 2-core machine
public class RankingStrategyBenchmarks
{
    private RoutingEngine _engine = null!;
    private InMemoryStockView _stock = null!;
    private Order _order = null!;

    [Params(10, 100, 1000)]
    public int Locations { get; set; }

    [Params("priority", "distance", "highStock", "capacity", "carrierScore", "promise", "weighted", "cost")]
    public string Strategy { get; set; } = "priority";

    [GlobalSetup]
    public void Setup()
    {
        var (network, stock) = RoutingBenchmarkNetwork.Create(Locations);
        var strategy = Strategy == "weighted"
            ? RankingStrategies.Weighted((RankingStrategies.Distance, 0.6), (RankingStrategies.HighStock, 0.4))
            : RankingStrategies.ByName[Strategy];
        _engine = new RoutingEngine(network, new RoutingPolicy { Strategy = strategy });
        _stock = stock;
        _order = RoutingBenchmarkNetwork.ThreeLineOrder();
    }

    /// <summary>One route: eligibility, ranking, greedy allocation, service choice and promise dates.</summary>
    [Benchmark]
    public RoutingResult Route() => _engine.Route(_order, _stock);
}
