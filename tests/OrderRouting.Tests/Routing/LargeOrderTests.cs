using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Routing;

/// <summary>Per-line quantities are 32-bit; a shipment's and an order's units are 64-bit (conformance C1, C2).</summary>
public class LargeOrderTests
{
    private const long TwoMaxLines = 2L * int.MaxValue;

    public static TheoryData<string, SplitPolicy> Policies => new()
    {
        { "priority", SplitPolicy.Greedy },
        { "priority", SplitPolicy.Minimize },
        { "priority", SplitPolicy.None },
        { "cost", SplitPolicy.Greedy },
        { "cost", SplitPolicy.None },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Route_ShipmentOfMoreThanInt32Units_RoutedInOneShipmentWithExactCost(string strategy, SplitPolicy split)
    {
        var result = RouteTwoFullLines(strategy, split, PartialPolicy.Allow);

        Assert.Equal(RoutingOutcome.Routed, result.Outcome);
        var shipment = Assert.Single(result.Shipments);
        Assert.Equal(TwoMaxLines, shipment.Units);
        Assert.Equal(1.0 + TwoMaxLines, shipment.Cost);
        Assert.Equal(TwoMaxLines, result.UnitsAllocated);
        Assert.Empty(result.Unallocated);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Route_PartialForbiddenAndOrderOfMoreThanInt32Units_RoutedWhole(string strategy, SplitPolicy split)
    {
        var result = RouteTwoFullLines(strategy, split, PartialPolicy.Forbid);

        Assert.Equal(RoutingOutcome.Routed, result.Outcome);
        Assert.Equal(TwoMaxLines, result.UnitsAllocated);
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Route_SameSkuOnTwoLinesOfInt32MaxEach_ShipsTheStockAndLeavesTheRest(string strategy, SplitPolicy split)
    {
        var engine = Engine(RankingStrategies.ByName[strategy], split, PartialPolicy.Allow,
            Location("w", services: [Service(baseCost: 1, perUnit: 1)]));

        var result = engine.Route(Order(Line("X", int.MaxValue, "1"), Line("X", int.MaxValue, "2")),
            Stock(("w", "X", int.MaxValue)));

        Assert.Equal(RoutingOutcome.Partial, result.Outcome);
        Assert.Equal(["w:Xx2147483647"], Describe(result));
        Assert.Equal(1.0 + int.MaxValue, Assert.Single(result.Shipments).Cost);
        Assert.Equal(int.MaxValue, Assert.Single(result.Unallocated).Quantity);
    }

    [Fact]
    public void Route_HighStockWholeOrderWithSellableSumsAboveInt32_RanksByTheExactSum()
    {
        // a holds 2^31 units of the order's SKUs, b one more: b ranks first (a wins only ties).
        var engine = Engine(RankingStrategies.HighStock, SplitPolicy.None, PartialPolicy.Allow,
            Location("a", priority: 1), Location("b", priority: 2));

        var result = engine.Route(Order(Line("X", 1), Line("Y", 1)),
            Stock(("a", "X", int.MaxValue), ("a", "Y", 1), ("b", "X", int.MaxValue), ("b", "Y", 2)));

        Assert.Equal(["b:Xx1,Yx1"], Describe(result));
    }

    /// <summary>One location w (base cost 1, 1 per unit) holding int.MaxValue of X and of Y; an order for all of both.</summary>
    private static RoutingResult RouteTwoFullLines(string strategy, SplitPolicy split, PartialPolicy partial) =>
        Engine(RankingStrategies.ByName[strategy], split, partial, Location("w", services: [Service(baseCost: 1, perUnit: 1)]))
            .Route(Order(Line("X", int.MaxValue), Line("Y", int.MaxValue)), Stock(("w", "X", int.MaxValue), ("w", "Y", int.MaxValue)));
}
