using NodaTime;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Routing;

public class SplitPolicyTests
{
    private static readonly OrderRouting.Network.StockLocation[] ThreeLocations =
        [Location("a", priority: 1), Location("b", priority: 2), Location("c", priority: 3)];

    [Fact]
    public void Greedy_LocationWithoutStockOfALine_IsPassedOver()
    {
        var result = Engine(ThreeLocations).Route(Order(Line("X", 2)), Stock(("b", "X", 0), ("c", "X", 5)));
        Assert.Equal(["c:Xx2"], Describe(result));
    }

    [Fact]
    public void Greedy_ShipmentsInOrderOfFirstUseWhileWalkingLines()
    {
        // Line 1 only in c (ranked last), line 2 in a: c ships line 1, so c's shipment comes first (rule 7).
        var result = Engine(ThreeLocations).Route(Order(Line("X", 1), Line("Y", 1)), Stock(("c", "X", 1), ("a", "Y", 1)));
        Assert.Equal(["c:Xx1", "a:Yx1"], Describe(result));
    }

    [Fact]
    public void Greedy_SameSkuOnTwoLines_SharesTheLocationsStock()
    {
        var result = Engine(ThreeLocations).Route(Order(Line("X", 3, "1"), Line("X", 3, "2")), Stock(("a", "X", 4), ("b", "X", 10)));
        Assert.Equal(["a:Xx3,Xx1", "b:Xx2"], Describe(result));
    }

    [Fact]
    public void None_ShipsWholeOrderFromBestRankedLocationThatCan()
    {
        var stock = Stock(("a", "X", 5), ("b", "X", 5), ("b", "Y", 5), ("c", "X", 5), ("c", "Y", 5));
        var result = Engine(RankingStrategies.Priority, SplitPolicy.None, PartialPolicy.Allow, ThreeLocations)
            .Route(Order(Line("X", 2), Line("Y", 2)), stock);
        Assert.Equal(["b:Xx2,Yx2"], Describe(result));
    }

    [Fact]
    public void None_PartialAllowedAndNoLocationHasAll_ShipsFromTheOneCoveringMostUnits()
    {
        // a covers 2 units, b covers 3, c covers 3: b (better ranked of the two) ships; the rest cannot be split.
        var stock = Stock(("a", "X", 2), ("b", "X", 1), ("b", "Y", 2), ("c", "Y", 3));
        var result = Engine(RankingStrategies.Priority, SplitPolicy.None, PartialPolicy.Allow, ThreeLocations)
            .Route(Order(Line("X", 2), Line("Y", 3)), stock);
        Assert.Equal(["b:Xx1,Yx2"], Describe(result));
        Assert.Equal(RoutingOutcome.Partial, result.Outcome);
        Assert.Equal([UnallocatedReason.SplitNotAllowed, UnallocatedReason.SplitNotAllowed], result.Unallocated.Select(u => u.Reason));
        Assert.Equal([1, 1], result.Unallocated.Select(u => u.Quantity));
    }

    [Fact]
    public void None_PartialForbidden_NoSingleLocation_IsUnfulfillable()
    {
        var stock = Stock(("a", "X", 2), ("b", "Y", 3));
        var result = Engine(RankingStrategies.Priority, SplitPolicy.None, PartialPolicy.Forbid, ThreeLocations)
            .Route(Order(Line("X", 2), Line("Y", 3)), stock);
        Assert.Equal(RoutingOutcome.Unfulfillable, result.Outcome);
        Assert.Empty(result.Shipments);
        Assert.Equal([2, 3], result.Unallocated.Select(u => u.Quantity));
        Assert.Equal([UnallocatedReason.PartialForbidden, UnallocatedReason.PartialForbidden], result.Unallocated.Select(u => u.Reason));
    }

    [Fact]
    public void Forbid_NotAllCanBeAllocated_AllocatesNothing()
    {
        var result = Engine(RankingStrategies.Priority, SplitPolicy.Greedy, PartialPolicy.Forbid, ThreeLocations)
            .Route(Order(Line("X", 2), Line("Y", 3)), Stock(("a", "X", 2), ("b", "Y", 2)));
        Assert.Equal(RoutingOutcome.Unfulfillable, result.Outcome);
        Assert.Empty(result.Shipments);
        Assert.Equal([(2, UnallocatedReason.PartialForbidden), (3, UnallocatedReason.InsufficientStock)],
            result.Unallocated.Select(u => (u.Quantity, u.Reason)));
    }

    [Fact]
    public void Forbid_EverythingAllocatable_Routes()
    {
        var result = Engine(RankingStrategies.Priority, SplitPolicy.Greedy, PartialPolicy.Forbid, ThreeLocations)
            .Route(Order(Line("X", 2), Line("Y", 3)), Stock(("a", "X", 2), ("b", "Y", 3)));
        Assert.Equal(["a:Xx2", "b:Yx3"], Describe(result));
    }

    [Fact]
    public void Allow_PartialStock_ShipsWhatExists()
    {
        var result = Engine(ThreeLocations).Route(Order(Line("X", 5)), Stock(("a", "X", 2), ("c", "X", 1)));
        Assert.Equal(RoutingOutcome.Partial, result.Outcome);
        Assert.Equal(["a:Xx2", "c:Xx1"], Describe(result));
        Assert.Equal((2, UnallocatedReason.InsufficientStock), (result.Unallocated[0].Quantity, result.Unallocated[0].Reason));
    }

    [Fact]
    public void Rankings_ComputedOnceFromTheStateBeforeTheOrder()
    {
        // highStock per line: line 1 (X) takes 4 of a's X; line 2 (X again) still ranks by the stock before the
        // order (a 5, b 3), so it takes a's last unit first, then b.
        var result = Engine(RankingStrategies.HighStock, SplitPolicy.Greedy, PartialPolicy.Allow, ThreeLocations)
            .Route(Order(Line("X", 4, "1"), Line("X", 2, "2")), Stock(("a", "X", 5), ("b", "X", 3)));
        Assert.Equal(["a:Xx4,Xx1", "b:Xx1"], Describe(result));
    }

    [Fact]
    public void ServiceChoice_CheapestForTheUnitsCarried_TiesByScoreThenCarrierThenService()
    {
        // per-unit pricing makes "bulk" cheaper at 10 units, "parcel" at 1 unit.
        var location = Location("a", services:
        [
            Service(baseCost: 2, perUnit: 1, carrier: "parcel"),
            Service(baseCost: 6, perUnit: 0.2, carrier: "bulk"),
            Service(baseCost: 2, perUnit: 1, carrier: "aaa", score: 0.5),
            Service(baseCost: 2, perUnit: 1, carrier: "parcel", service: "economy"),
        ]);
        var engine = Engine(location);
        var stock = Stock(("a", "S", 100));
        Assert.Equal(("parcel", "economy"), Chosen(engine.Route(Order(Line("S", 1)), stock)));
        Assert.Equal(("bulk", "standard"), Chosen(engine.Route(Order(Line("S", 10)), stock)));

        static (string, string) Chosen(RoutingResult r) => (r.Shipments[0].Service.Carrier, r.Shipments[0].Service.Service);
    }

    [Fact]
    public void Route_UnknownDistance_PerKmCostAddsNothing()
    {
        var location = Location("a", services: [Service(baseCost: 4, perKm: 1, perUnit: 0.5)]);
        var result = Engine(location).Route(Order(Line("S", 2)), Stock(("a", "S", 2)));
        Assert.Null(result.Shipments[0].DistanceKm);
        Assert.Equal(5.0, result.Shipments[0].Cost);
    }

    [Fact]
    public void Minimize_FewestShipmentsThatCoverMostUnits()
    {
        // No location holds everything; {a, c} and {b, c} both do, and rule 5 takes the set whose sorted ranks are
        // smallest: {a, c}. Inside it units go greedily line by line in rank order.
        var stock = Stock(("a", "X", 1), ("a", "Y", 2), ("b", "X", 2), ("b", "Y", 2), ("c", "X", 2), ("c", "Z", 1));
        var result = Engine(RankingStrategies.Priority, SplitPolicy.Minimize, PartialPolicy.Allow, ThreeLocations)
            .Route(Order(Line("X", 2), Line("Y", 2), Line("Z", 1)), stock);
        Assert.Equal(["a:Xx1,Yx2", "c:Xx1,Zx1"], Describe(result));
        Assert.Equal(RoutingOutcome.Routed, result.Outcome);
    }

    [Fact]
    public void Minimize_OneLocationHasAll_ShipsOnce()
    {
        var stock = Stock(("a", "X", 2), ("b", "Y", 2), ("c", "X", 2), ("c", "Y", 2));
        var result = Engine(RankingStrategies.Priority, SplitPolicy.Minimize, PartialPolicy.Allow, ThreeLocations)
            .Route(Order(Line("X", 2), Line("Y", 2)), stock, explain: true);
        Assert.Equal(["c:Xx2,Yx2"], Describe(result));
        Assert.True(result.Explanation!.Proven);
    }

    [Fact]
    public void Cost_CheapestPlanOfTheMostUnits_ShipmentsByPriority()
    {
        // a is dear per unit; b and c are cheap, but b lacks Y and c holds only one X.
        var locations = new[]
        {
            Location("a", priority: 1, services: [Service(baseCost: 1, perUnit: 5)]),
            Location("b", priority: 2, services: [Service(baseCost: 1, perUnit: 0.1)]),
            Location("c", priority: 3, services: [Service(baseCost: 1, perUnit: 0.1)]),
        };
        var stock = Stock(("a", "X", 5), ("a", "Y", 5), ("b", "X", 5), ("c", "X", 1), ("c", "Y", 5));
        var result = Engine(RankingStrategies.Cost, SplitPolicy.Greedy, PartialPolicy.Allow, locations)
            .Route(Order(Line("X", 2), Line("Y", 2)), stock, explain: true);
        // b + c ship everything for 2 × 1 + 4 × 0.1 = 2.4 however the X units are divided (equal plans, rule 8);
        // a alone would cost 21. Shipments are listed by priority (rule 7).
        Assert.Equal(4, result.UnitsAllocated);
        Assert.Equal(2.4, result.TotalCost, 9);
        Assert.Equal(["b", "c"], result.Shipments.Select(s => s.LocationId.Value));
        Assert.True(result.Explanation!.Proven);
    }

    [Fact]
    public void Cost_SplitNone_OneShipmentOnly()
    {
        var locations = new[]
        {
            Location("a", priority: 1, services: [Service(baseCost: 1, perUnit: 5)]),
            Location("b", priority: 2, services: [Service(baseCost: 1, perUnit: 0.1)]),
        };
        var stock = Stock(("a", "X", 5), ("a", "Y", 5), ("b", "X", 5));
        var result = Engine(RankingStrategies.Cost, SplitPolicy.None, PartialPolicy.Allow, locations)
            .Route(Order(Line("X", 2), Line("Y", 2)), stock);
        Assert.Equal(["a:Xx2,Yx2"], Describe(result));
    }

    [Fact]
    public void Cost_PartialForbidden_NotAllUnits_AllocatesNothing()
    {
        var result = Engine(RankingStrategies.Cost, SplitPolicy.Greedy, PartialPolicy.Forbid, ThreeLocations)
            .Route(Order(Line("X", 3)), Stock(("a", "X", 1), ("b", "X", 1)));
        Assert.Equal(RoutingOutcome.Unfulfillable, result.Outcome);
    }

    [Fact]
    public void Route_OrderWithoutLines_Throws()
    {
        var order = Order(Line("S", 1)) with { Lines = [] };
        Assert.Throws<ArgumentException>(() => Engine(ThreeLocations).Route(order, Stock()));
    }
}
