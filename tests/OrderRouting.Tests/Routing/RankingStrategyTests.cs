using NodaTime;
using OrderRouting.Network;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Routing;

public class RankingStrategyTests
{
    private static RoutingResult RouteOne(IRankingStrategy strategy, InMemoryStockView stock, params StockLocation[] locations) =>
        Engine(strategy, SplitPolicy.Greedy, PartialPolicy.Allow, locations).Route(Order(Friday0900, GeoPoint.Of(52.5, 13.4), Line("S", 1)), stock);

    [Fact]
    public void Priority_EqualPriorities_TieBrokenByIdOrdinal()
    {
        var result = RouteOne(RankingStrategies.Priority, Stock(("eu-1", "S", 1), ("EU-2", "S", 1)), Location("eu-1"), Location("EU-2"));
        Assert.Equal(["EU-2:Sx1"], Describe(result));
    }

    [Fact]
    public void Priority_NegativePriority_RanksFirst()
    {
        var result = RouteOne(RankingStrategies.Priority, Stock(("a", "S", 1), ("b", "S", 1)), Location("a", priority: 0), Location("b", priority: -3));
        Assert.Equal(["b:Sx1"], Describe(result));
    }

    [Fact]
    public void Distance_NearestFirst_UnknownLast()
    {
        var locations = new[]
        {
            Location("unknown", priority: -1),
            Location("munich", position: GeoPoint.Of(48.14, 11.58)),
            Location("potsdam", position: GeoPoint.Of(52.40, 13.06)),
        };
        var stock = Stock(("unknown", "S", 1), ("munich", "S", 1), ("potsdam", "S", 1));
        var result = Engine(RankingStrategies.Distance, SplitPolicy.Greedy, PartialPolicy.Allow, locations)
            .Route(Order(Friday0900, GeoPoint.Of(52.5, 13.4), Line("S", 3)), stock);
        Assert.Equal(["potsdam:Sx1", "munich:Sx1", "unknown:Sx1"], Describe(result));
    }

    [Fact]
    public void HighStock_Greedy_RanksEachLineByItsSku()
    {
        var stock = Stock(("a", "X", 10), ("a", "Y", 1), ("b", "X", 2), ("b", "Y", 9));
        var result = Engine(RankingStrategies.HighStock, SplitPolicy.Greedy, PartialPolicy.Allow, Location("a"), Location("b"))
            .Route(Order(Line("X", 2), Line("Y", 2)), stock);
        Assert.Equal(["a:Xx2", "b:Yx2"], Describe(result));
    }

    /// <summary>A stock view implementing only the single read: the batch read is the interface's default.</summary>
    private sealed class SingleReads(InMemoryStockView inner) : OrderRouting.Ports.IStockView
    {
        public int Reads { get; private set; }

        public int GetSellable(LocationId location, Sku sku)
        {
            Reads++;
            return inner.GetSellable(location, sku);
        }
    }

    [Fact]
    public void HighStock_StockViewWithoutColumnReads_ReadsPerLocationAndDecidesTheSame()
    {
        var stock = Stock(("a", "X", 10), ("a", "Y", 1), ("b", "X", 2), ("b", "Y", 9), ("c", "Y", 0));
        var engine = Engine(RankingStrategies.HighStock, SplitPolicy.Greedy, PartialPolicy.Allow, Location("a"), Location("b"), Location("c"));
        var order = Order(Line("X", 2), Line("Y", 2));
        var view = new SingleReads(stock);

        var result = engine.Route(order, view);

        Assert.Equal(["a:Xx2", "b:Yx2"], Describe(result));
        Assert.Equal(Describe(engine.Route(order, stock)), Describe(result));
        Assert.Equal(6, view.Reads); // each line's SKU at each of the 3 locations, once
    }

    [Fact]
    public void StockView_DefaultColumnsRead_ReadsEachSkuAtEachLocationOnce()
    {
        var stock = Stock(("a", "X", 10), ("b", "Y", 9));
        OrderRouting.Ports.IStockView view = new SingleReads(stock);
        LocationId[] locations = [LocationId.Of("b"), LocationId.Of("a")];
        var values = new int[4];

        view.GetSellable([Sku.Of("X"), Sku.Of("Y")], locations, values);

        Assert.Equal([0, 10, 9, 0], values);
        Assert.Equal(4, ((SingleReads)view).Reads);
        var error = Assert.Throws<ArgumentException>(() => view.GetSellable([Sku.Of("X"), Sku.Of("Y")], locations, new int[3]));
        Assert.StartsWith("holds 3 values for 2 SKUs at 2 locations", error.Message);
    }

    /// <summary>A stock view whose every read gives one unit more than the read before (stock moving while routing).</summary>
    private sealed class Drifting : OrderRouting.Ports.IStockView
    {
        private int _reads;

        public int GetSellable(LocationId location, Sku sku) => ++_reads;
    }

    [Fact]
    public void Route_StockMovingWhileRouting_SeesOneValuePerLocationAndLine()
    {
        var order = Order(Line("X", 100), Line("Y", 100));

        // Read one value at a time first (priority's greedy split), then whole columns (the explanation's stock):
        // the explanation shows the values the split took, 1 + 3 at a and 2 + 4 at b, not the later reads.
        var single = Engine(RankingStrategies.Priority, SplitPolicy.Greedy, PartialPolicy.Allow, Location("a"), Location("b", priority: 1))
            .Route(order, new Drifting(), explain: true);
        Assert.Equal(["a:Xx1,Yx3", "b:Xx2,Yx4"], Describe(single));
        Assert.Equal([4L, 6L], single.Explanation!.Candidates.Select(c => c.Sellable));

        // Whole columns first (highStock ranks each line by its column; both read at once, a and b for X, then Y),
        // then the split's reads of one value: they see the columns' values.
        var columns = Engine(RankingStrategies.HighStock, SplitPolicy.Greedy, PartialPolicy.Allow, Location("a"), Location("b", priority: 1))
            .Route(order, new Drifting(), explain: true);
        Assert.Equal(["b:Xx2,Yx4", "a:Xx1,Yx3"], Describe(columns));
        Assert.Equal([6L, 4L], columns.Explanation!.Candidates.Select(c => c.Sellable));

        // Part of a line read on its own (X at a; Y at a, then b), then the explanation's columns: X's column keeps a's
        // value (1) and fills in b's (the column reads a as 4, b as 5); Y's is all read already.
        var part = Engine(RankingStrategies.Priority, SplitPolicy.Greedy, PartialPolicy.Allow, Location("a"), Location("b", priority: 1))
            .Route(Order(Line("X", 1), Line("Y", 100)), new Drifting(), explain: true);
        Assert.Equal(["a:Xx1,Yx2", "b:Yx3"], Describe(part));
        Assert.Equal([3L, 8L], part.Explanation!.Candidates.Select(c => c.Sellable));
    }

    [Fact]
    public void HighStock_NoSplit_RanksBySumOverTheOrdersSkus()
    {
        // a: 5 + 5 = 10, b: 9 + 2 = 11; both can ship everything, b holds more in total.
        var stock = Stock(("a", "X", 5), ("a", "Y", 5), ("b", "X", 9), ("b", "Y", 2));
        var result = Engine(RankingStrategies.HighStock, SplitPolicy.None, PartialPolicy.Allow, Location("a"), Location("b"))
            .Route(Order(Line("X", 1), Line("Y", 1)), stock);
        Assert.Equal(["b:Xx1,Yx1"], Describe(result));
    }

    [Fact]
    public void Capacity_RemainingShareDescending_UnlimitedFirst()
    {
        var locations = new[] { Location("half", capacity: 10), Location("most", capacity: 4), Location("unlimited", priority: 9) };
        var capacity = new DailyCapacityCounter();
        capacity.Record(LocationId.Of("half"), new LocalDate(2026, 11, 27), 5);
        capacity.Record(LocationId.Of("most"), new LocalDate(2026, 11, 27), 1);
        var stock = Stock(("half", "S", 1), ("most", "S", 1), ("unlimited", "S", 1));
        var result = Engine(RankingStrategies.Capacity, SplitPolicy.Greedy, PartialPolicy.Allow, locations)
            .Route(Order(Line("S", 3)), stock, capacity);
        Assert.Equal(["unlimited:Sx1", "most:Sx1", "half:Sx1"], Describe(result));
    }

    [Fact]
    public void CarrierScore_BestScoreFirst_AndShipsWithTheBestScoredService()
    {
        var a = Location("a", services: [Service(1, score: 0.8)]);
        var b = Location("b", priority: 5, services: [Service(1, score: 0.9, carrier: "cheap"), Service(20, score: 0.95, carrier: "good")]);
        var result = RouteOne(RankingStrategies.CarrierScore, Stock(("a", "S", 1), ("b", "S", 1)), a, b);
        var shipment = Assert.Single(result.Shipments);
        Assert.Equal(("b", "good", 20.0), (shipment.LocationId.Value, shipment.Service.Carrier, shipment.Cost));
    }

    [Fact]
    public void Promise_EarliestDeliveryFirst()
    {
        // Placed 09:00 UTC: "late" has passed its 08:00 cutoff, so its one-day service delivers Tuesday,
        // while "slow" ships today with two days' transit (Tuesday too) and "fast" delivers Monday.
        var late = Location("late", priority: 0, services: [Service(transit: 1)]) with { Cutoff = new LocalTime(8, 0) };
        var slow = Location("slow", priority: 1, services: [Service(transit: 2)]);
        var fast = Location("fast", priority: 2, services: [Service(transit: 1), Service(transit: 3, carrier: "ups")]);
        var result = Engine(RankingStrategies.Promise, SplitPolicy.Greedy, PartialPolicy.Allow, late, slow, fast)
            .Route(Order(Line("S", 3)), Stock(("late", "S", 1), ("slow", "S", 1), ("fast", "S", 1)));
        Assert.Equal(["fast:Sx1", "late:Sx1", "slow:Sx1"], Describe(result));
        Assert.Equal(new LocalDate(2026, 11, 30), result.Shipments[0].PromisedDelivery);
    }

    [Fact]
    public void Weighted_BlendsScaledScoresWithWeights()
    {
        // near: 1 km, little stock; far: 500 km, lots of stock.
        var near = Location("near", position: GeoPoint.Of(52.5, 13.41));
        var far = Location("far", position: GeoPoint.Of(48.14, 11.58));
        var stock = Stock(("near", "S", 2), ("far", "S", 100));
        var byDistance = RankingStrategies.Weighted((RankingStrategies.Distance, 0.8), (RankingStrategies.HighStock, 0.2));
        var byStock = RankingStrategies.Weighted((RankingStrategies.Distance, 0.2), (RankingStrategies.HighStock, 0.8));

        Assert.Equal(["near:Sx1"], Describe(RouteOne(byDistance, stock, near, far)));
        Assert.Equal(["far:Sx1"], Describe(RouteOne(byStock, stock, near, far)));
        Assert.True(byStock.RanksPerLine);
    }

    [Fact]
    public void Weighted_SubnormalWeight_DecidesAsItsExplanationRanks()
    {
        // Found in review: with a weight of 1e-321 the approximate distances' error bound rounded to 0, so the
        // approximate scores (about 200 distinct values at that size) were taken as exact and c00 was chosen, while
        // the exact scores, and the explanation, rank c01 first.
        var shipTo = GeoPoint.Of(40.76094401616647, 10.489892488573627);
        var engine = Engine(RankingStrategies.Weighted((RankingStrategies.Distance, 1e-321)), SplitPolicy.None, PartialPolicy.Allow,
            Location("zmin", position: shipTo),
            Location("zmax", position: GeoPoint.Of(41.2468495535614, 11.488985156177844)),
            Location("c00", position: GeoPoint.Of(40.82424287095034, 10.864861313628852)),
            Location("c01", position: GeoPoint.Of(40.485750838166176, 10.36975621105953)));
        var stock = Stock(("c00", "S", 5), ("c01", "S", 5));

        var result = engine.Route(Order(Friday0900, shipTo, Line("S", 1)), stock, explain: true);

        Assert.Equal(["c01:Sx1"], Describe(result));
        Assert.Equal("c01", result.Explanation!.Candidates.Where(c => c.Sellable > 0).MinBy(c => c.Rank)!.Location.Value);
    }

    [Fact]
    public void Weighted_BadParts_ThrowsNamingEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RankingStrategies.Weighted((RankingStrategies.Distance, -1), (RankingStrategies.Cost, 0), (null!, double.NaN)));
        Assert.Equal(
            "parts[0].Weight: must be a finite number >= 0, was -1; parts[1].Strategy: cost is an optimiser, not a ranking to blend; " +
            "parts[2].Strategy: is required; parts[2].Weight: must be a finite number >= 0, was NaN (Parameter 'parts')",
            error.Message);
    }

    [Fact]
    public void ByName_HoldsTheScenarioFormatNames() =>
        Assert.Equal(["capacity", "carrierScore", "cost", "distance", "highStock", "priority", "promise"], RankingStrategies.ByName.Keys.Order(StringComparer.Ordinal));

    /// <summary>The README's example: a strategy of one's own in a few lines.</summary>
    private sealed class StoresFirst : IRankingStrategy
    {
        public string Name => "storesFirst";

        public void Score(in RankingContext context, Span<double> scores)
        {
            for (var i = 0; i < scores.Length; i++)
                scores[i] = context.Location(i).Capabilities.Contains("store") ? 0 : 1;
        }
    }

    [Fact]
    public void CustomStrategy_ScoresLocations_RanksByItsScores()
    {
        var warehouse = Location("warehouse", priority: 0);
        var store = Location("store", priority: 1, capabilities: ["store"]);
        var result = RouteOne(new StoresFirst(), Stock(("warehouse", "S", 1), ("store", "S", 1)), warehouse, store);
        Assert.Equal(["store:Sx1"], Describe(result));
    }

    private sealed class NaNStrategy : IRankingStrategy
    {
        public string Name => "nan";

        public void Score(in RankingContext context, Span<double> scores)
        {
            for (var i = 0; i < scores.Length; i++) scores[i] = context.Location(i).Id.Value == "a" ? double.NaN : 1;
        }
    }

    [Fact]
    public void CustomStrategy_NaNScore_RanksLast()
    {
        var result = RouteOne(new NaNStrategy(), Stock(("a", "S", 1), ("b", "S", 1)), Location("a"), Location("b", priority: 3));
        Assert.Equal(["b:Sx1"], Describe(result));
    }
}
