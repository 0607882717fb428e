using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Promising;
using OrderRouting.Routing;
using OrderRouting.Routing.Eligibility;
using OrderRouting.Routing.Strategies;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Routing;

public class EligibilityTests
{
    private static readonly LocalDate Friday = new(2026, 11, 27);

    private static (RoutingResult Result, CandidateExplanation Rejected) RouteRejected(StockLocation rejected, Order? order = null,
        ICapacityView? capacity = null, params IEligibilityRule[] rules)
    {
        var network = RoutingNetwork.Create([rejected]);
        var engine = new RoutingEngine(network, new RoutingPolicy { Rules = rules });
        var result = engine.Route(order ?? Order(Line("S", 1)), Stock((rejected.Id.Value, "S", 5)), capacity, explain: true);
        return (result, Assert.Single(result.Explanation!.Candidates));
    }

    [Fact]
    public void Route_DisabledLocation_IsRejected()
    {
        var (result, rejected) = RouteRejected(Location("a", enabled: false));
        Assert.Equal(RejectionCode.Disabled, rejected.Rejection!.Value.Code);
        Assert.Equal(UnallocatedReason.NoEligibleLocation, Assert.Single(result.Unallocated).Reason);
        Assert.Equal(RoutingOutcome.Unfulfillable, result.Outcome);
    }

    [Fact]
    public void Route_LocationWithoutCarrier_IsRejected()
    {
        var (result, rejected) = RouteRejected(Location("a", services: []));
        Assert.Equal(RejectionCode.NoCarrierService, rejected.Rejection!.Value.Code);
        Assert.Equal(UnallocatedReason.NoEligibleLocation, Assert.Single(result.Unallocated).Reason);
    }

    [Fact]
    public void Route_LocationAtCapacity_IsRejectedWithCapacityFull()
    {
        var capacity = new DailyCapacityCounter();
        capacity.Record(LocationId.Of("a"), Friday, 2);
        var (result, rejected) = RouteRejected(Location("a", capacity: 2), capacity: capacity);
        Assert.Equal(RejectionCode.CapacityFull, rejected.Rejection!.Value.Code);
        Assert.Equal("daily capacity 2 used (2 shipments on 2026-11-27)", rejected.Rejection.Value.Detail);
        Assert.Equal(UnallocatedReason.CapacityFull, Assert.Single(result.Unallocated).Reason);
    }

    [Fact]
    public void Route_ZeroDailyCapacity_NeverShips()
    {
        var (result, rejected) = RouteRejected(Location("a", capacity: 0));
        Assert.Equal(RejectionCode.CapacityFull, rejected.Rejection!.Value.Code);
        Assert.Equal(RoutingOutcome.Unfulfillable, result.Outcome);
    }

    [Fact]
    public void Route_OneBelowCapacity_Ships()
    {
        var capacity = new DailyCapacityCounter();
        capacity.Record(LocationId.Of("a"), Friday, 1);
        var result = Engine(Location("a", capacity: 2)).Route(Order(Line("S", 1)), Stock(("a", "S", 1)), capacity);
        Assert.Equal(RoutingOutcome.Routed, result.Outcome);
    }

    [Fact]
    public void Route_HandlingNotSupported_LineGoesElsewhere()
    {
        var engine = Engine(Location("plain", priority: 0), Location("hazmat", priority: 1, capabilities: ["hazmat"]));
        var order = Order(Line("BATTERY", 1, "1", "hazmat"), Line("BOOK", 1));
        var result = engine.Route(order, Stock(("plain", "BATTERY", 5), ("plain", "BOOK", 5), ("hazmat", "BATTERY", 5)), explain: true);
        Assert.Equal(["hazmat:BATTERYx1", "plain:BOOKx1"], Describe(result));
        var plain = result.Explanation!.Candidates.Single(c => c.Location.Value == "plain");
        Assert.Equal(RejectionCode.HandlingNotSupported, Assert.Single(plain.LineRejections).Rejection.Code);
    }

    [Fact]
    public void Route_HandlingSupportedNowhere_ReasonHandlingNotSupported()
    {
        var result = Engine(Location("plain")).Route(Order(Line("ICE", 1, "1", "cold-chain")), Stock(("plain", "ICE", 5)));
        Assert.Equal(UnallocatedReason.HandlingNotSupported, Assert.Single(result.Unallocated).Reason);
    }

    [Fact]
    public void Route_ChannelRestriction_OnlyItsChannelShipsFromIt()
    {
        var wholesale = Location("wholesale") with { Channels = [ChannelId.Of("b2b")] };
        var (result, rejected) = RouteRejected(wholesale);
        Assert.Equal(RejectionCode.ChannelRestricted, rejected.Rejection!.Value.Code);

        var b2b = Order(Line("S", 1)) with { Channel = ChannelId.Of("b2b") };
        Assert.Equal(RoutingOutcome.Routed, Engine(wholesale).Route(b2b, Stock(("wholesale", "S", 1))).Outcome);
    }

    [Fact]
    public void Route_CountryRestriction_RejectsOtherCountries()
    {
        var (_, rejected) = RouteRejected(Location("fr") with { Countries = ["FR", "BE"] });
        Assert.Equal(RejectionCode.CountryRestricted, rejected.Rejection!.Value.Code);
        Assert.Equal("the location does not ship to DE", rejected.Rejection.Value.Detail);
    }

    [Fact]
    public void Route_DeliverByNotAchievable_IsRejected()
    {
        var order = Order(Line("S", 1)) with { DeliverBy = new LocalDate(2026, 11, 30) }; // Friday + 2 working days is Tuesday
        var (result, rejected) = RouteRejected(Location("a", services: [Service(transit: 2)]), order);
        Assert.Equal(RejectionCode.DeliveryNotAchievable, rejected.Rejection!.Value.Code);
        Assert.Equal(UnallocatedReason.DeliveryNotAchievable, Assert.Single(result.Unallocated).Reason);
    }

    [Fact]
    public void Route_PlainOrdersAroundOthers_JudgeEveryLocationAfresh()
    {
        // A network without restrictions: every location is eligible for a plain order, a judgement routing keeps.
        var network = RoutingNetwork.Create([Location("slow", services: [Service(transit: 5)]), Location("fast", priority: 1, services: [Service(transit: 1)])]);
        var engine = new RoutingEngine(network, new RoutingPolicy { Strategy = RankingStrategies.Priority });
        var rejecting = new RoutingEngine(network, new RoutingPolicy { Strategy = RankingStrategies.Priority, Rules = [new RejectsThenThrows()] });
        var stock = Stock(("slow", "S", 5), ("fast", "S", 5));
        var plain = Order(Line("S", 1));
        string[] Ranked(RoutingResult result) => [.. result.Explanation!.Candidates.Select(c => $"{c.Location}:{c.Rank?.ToString() ?? c.Rejection!.Value.Code.ToString()}")];

        Assert.Equal(["slow:1", "fast:2"], Ranked(engine.Route(plain, stock, explain: true)));
        var dated = engine.Route(plain with { DeliverBy = new LocalDate(2026, 11, 30) }, stock, explain: true);
        Assert.Equal(["fast:1", "slow:DeliveryNotAchievable"], Ranked(dated));
        Assert.Equal(["slow:1", "fast:2"], Ranked(engine.Route(plain, stock, explain: true)));
        // A user rule that rejects the first location and throws at the second leaves the judgement half written.
        Assert.Throws<InvalidOperationException>(() => rejecting.Route(plain, stock));
        Assert.Equal(["slow:1", "fast:2"], Ranked(engine.Route(plain, stock, explain: true)));
    }

    [Fact]
    public void Route_PlainOrderAfterABiggerNetworksFailedRoute_JudgesEveryLocationAfresh()
    {
        // The route on the bigger network grows the working arrays, then its rule throws before any judgement.
        var small = Engine(Location("a"), Location("b", priority: 1));
        var bigger = new RoutingEngine(RoutingNetwork.Create([.. Enumerable.Range(0, 400).Select(i => Location($"l{i:000}"))]),
            new RoutingPolicy { Strategy = RankingStrategies.Priority, Rules = [new ThrowsWhenAsked()] });
        var stock = Stock(("a", "S", 5), ("b", "S", 5));
        var plain = Order(Line("S", 1));
        string[] Ranked(RoutingResult result) => [.. result.Explanation!.Candidates.Select(c => $"{c.Location}:{c.Rank?.ToString() ?? c.Rejection!.Value.Code.ToString()}")];

        Assert.Equal(["a:1", "b:2"], Ranked(small.Route(plain, stock, explain: true)));
        Assert.Throws<InvalidOperationException>(() => bigger.Route(plain, stock));
        Assert.Equal(["a:1", "b:2"], Ranked(small.Route(plain, stock, explain: true)));
    }

    private sealed class ThrowsWhenAsked : IEligibilityRule
    {
        public string Name => "throwsWhenAsked";

        public bool ChecksLines => throw new InvalidOperationException("the rule failed");

        public string? Check(in EligibilityContext context) => null;
    }

    private sealed class RejectsThenThrows : IEligibilityRule
    {
        public string Name => "rejectsThenThrows";

        public string? Check(in EligibilityContext context) =>
            context.Location.Id.Value == "slow" ? "refused" : throw new InvalidOperationException("the rule failed");
    }

    [Fact]
    public void Route_NextDayServiceLevel_ChoosesTheServiceThatMeetsIt()
    {
        var location = Location("a", services: [Service(baseCost: 3, transit: 3), Service(baseCost: 9, transit: 1, carrier: "express")]);
        var order = Order(Line("S", 1)) with { ServiceLevel = ServiceLevel.NextDay };
        var result = Engine(location).Route(order, Stock(("a", "S", 1)));
        var shipment = Assert.Single(result.Shipments);
        Assert.Equal(("express", new LocalDate(2026, 11, 30)), (shipment.Service.Carrier, shipment.PromisedDelivery));
    }

    [Fact]
    public void Route_ServiceLevelAfterCutoff_IsNotAchievable()
    {
        var location = Location("a", services: [Service(transit: 1)]) with { Cutoff = new LocalTime(8, 0) };
        var order = Order(Line("S", 1)) with { ServiceLevel = ServiceLevel.NextDay };
        var (_, rejected) = RouteRejected(location, order);
        Assert.Equal(RejectionCode.DeliveryNotAchievable, rejected.Rejection!.Value.Code);
    }

    private sealed class NoStoresForMarketplace : IEligibilityRule
    {
        public string Name => "noStoresForMarketplace";

        public string? Check(in EligibilityContext context) =>
            context.Order.Channel.Value == "amazon" && context.Location.Capabilities.Contains("store") ? "stores do not ship marketplace orders" : null;
    }

    [Fact]
    public void Route_UserRule_RejectsWithItsNameAndReason()
    {
        var order = Order(Line("S", 1)) with { Channel = ChannelId.Of("amazon") };
        var (result, rejected) = RouteRejected(Location("store", capabilities: ["store"]), order, null, new NoStoresForMarketplace());
        Assert.Equal(new LocationRejection(RejectionCode.Rule, "stores do not ship marketplace orders", "noStoresForMarketplace"), rejected.Rejection);
        Assert.Equal(UnallocatedReason.NoEligibleLocation, Assert.Single(result.Unallocated).Reason);
    }

    private sealed class NoGlassByPost : IEligibilityRule
    {
        public string Name => "noGlassByPost";

        public bool ChecksLines => true;

        public string? Check(in EligibilityContext context) =>
            context.Line is { } line && line.Sku.Value.StartsWith("GLASS", StringComparison.Ordinal) && context.Location.Id.Value == "post" ? "no glass by post" : null;
    }

    [Fact]
    public void Route_UserLineRule_RejectsOnlyThatLine()
    {
        var network = RoutingNetwork.Create([Location("post", priority: 0), Location("courier", priority: 1)]);
        var engine = new RoutingEngine(network, new RoutingPolicy { Rules = [new NoGlassByPost()] });
        var result = engine.Route(Order(Line("GLASS-1", 1), Line("BOOK", 1)),
            Stock(("post", "GLASS-1", 5), ("post", "BOOK", 5), ("courier", "GLASS-1", 5)));
        Assert.Equal(["courier:GLASS-1x1", "post:BOOKx1"], Describe(result));
    }

    [Fact]
    public void Route_NoStockAnywhere_ReasonSaysSo()
    {
        var result = Engine(Location("a")).Route(Order(Line("S", 2), Line("T", 1)), Stock(("a", "S", 1)));
        Assert.Equal(RoutingOutcome.Partial, result.Outcome);
        Assert.Equal([new UnallocatedLine(result.Order.Lines[0], 1, UnallocatedReason.InsufficientStock),
            new UnallocatedLine(result.Order.Lines[1], 1, UnallocatedReason.NoStockAnywhere)], result.Unallocated);
    }

    [Fact]
    public void Route_SafetyStock_IsNotSellable()
    {
        var stock = new InMemoryStockView();
        stock.Set(LocationId.Of("a"), Sku.Of("S"), onHand: 5, safetyStock: 4);
        var result = Engine(Location("a")).Route(Order(Line("S", 3)), stock);
        Assert.Equal(["a:Sx1"], Describe(result));
    }
}
