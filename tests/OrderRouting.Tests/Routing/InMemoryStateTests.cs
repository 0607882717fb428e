using NodaTime;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Routing;

public class InMemoryStateTests
{
    private static readonly LocationId A = LocationId.Of("a");
    private static readonly Sku S = Sku.Of("S");

    [Fact]
    public void Apply_RoutedOrder_TakesUnitsOffHandAndCountsCapacity()
    {
        var engine = Engine(Location("a", capacity: 5), Location("b", priority: 1));
        var stock = Stock(("a", "S", 2), ("b", "S", 5));
        var capacity = new DailyCapacityCounter();

        var result = engine.Route(Order(Line("S", 3)), stock, capacity);
        stock.Apply(result);
        capacity.Apply(result);

        Assert.Equal((0, 4), (stock.GetSellable(A, S), stock.GetSellable(LocationId.Of("b"), S)));
        Assert.Equal(1, capacity.GetShipments(A, new LocalDate(2026, 11, 27)));
        Assert.Equal(1, capacity.GetShipments(LocationId.Of("b"), new LocalDate(2026, 11, 27)));
    }

    [Fact]
    public void GetSellableColumn_SameListAfterWrites_MatchesSingleReads()
    {
        var b = LocationId.Of("b");
        var c = LocationId.Of("c");
        var stock = Stock(("a", "S", 2), ("b", "S", 5), ("b", "T", 1));
        LocationId[] list = [c, b, A];
        var column = new int[3];

        stock.GetSellable(S, list, column);
        Assert.Equal([0, 5, 2], column);

        stock.Set(c, S, onHand: 4, safetyStock: 1); // a location the list's cached slots did not know yet
        stock.Set(A, S, onHand: 1, safetyStock: 3); // sellable never negative
        stock.Apply(Engine(Location("b")).Route(Order(Line("S", 2)), stock));
        stock.GetSellable(S, list, column);
        Assert.Equal([3, 3, 0], column);
        Assert.Equal([stock.GetSellable(c, S), stock.GetSellable(b, S), stock.GetSellable(A, S)], column);

        stock.GetSellable(S, [A, c], column); // another list
        Assert.Equal([0, 3], column[..2]);
        stock.GetSellable(Sku.Of("unknown"), list, column);
        Assert.Equal([0, 0, 0], column);
    }

    [Fact]
    public void GetSellableColumn_ShorterOutput_Throws()
    {
        var stock = Stock(("a", "S", 2));

        var error = Assert.Throws<ArgumentException>(() => stock.GetSellable(S, [A, LocationId.Of("b")], new int[1]));

        Assert.StartsWith("holds 1 values for 2 locations", error.Message);
    }

    [Fact]
    public void GetSellableColumns_SeveralSkus_MatchSingleReads()
    {
        var b = LocationId.Of("b");
        var stock = Stock(("a", "S", 2), ("b", "S", 5), ("b", "T", 1));
        stock.Set(A, Sku.Of("T"), onHand: 1, safetyStock: 4); // sellable never negative
        LocationId[] list = [b, LocationId.Of("unknown"), A];
        Sku[] skus = [Sku.Of("T"), Sku.Of("unknown"), S, Sku.Of("T")];
        var values = Enumerable.Repeat(-7, skus.Length * list.Length + 1).ToArray();

        stock.GetSellable(skus, list, values);

        int[] expected = [.. skus.SelectMany(sku => list.Select(location => stock.GetSellable(location, sku))), -7];
        Assert.Equal([1, 0, 0, 0, 0, 0, 5, 0, 2, 1, 0, 0, -7], expected);
        Assert.Equal(expected, values);
    }

    [Fact]
    public void GetSellableColumns_ShorterOutput_Throws()
    {
        var stock = Stock(("a", "S", 2));

        var error = Assert.Throws<ArgumentException>(() => stock.GetSellable([S, Sku.Of("T")], [A, LocationId.Of("b")], new int[3]));

        Assert.StartsWith("holds 3 values for 2 SKUs at 2 locations", error.Message);
    }

    [Fact]
    public void Apply_StockTakenSinceTheDecision_ThrowsAndChangesNothing()
    {
        var engine = Engine(Location("a"), Location("b", priority: 1));
        var stock = Stock(("a", "S", 2), ("b", "S", 5));
        var result = engine.Route(Order(Line("S", 4)), stock);
        stock.Set(LocationId.Of("b"), S, 1);

        var error = Assert.Throws<InvalidOperationException>(() => stock.Apply(result));

        Assert.Equal("order o-1: 2 x S at b but only 1 sellable; nothing applied", error.Message);
        Assert.Equal(2, stock.GetSellable(A, S));
    }

    [Fact]
    public void GetSellable_UnknownOrBelowSafetyStock_IsZero()
    {
        var stock = new InMemoryStockView();
        stock.Set(A, S, onHand: 1, safetyStock: 3);
        Assert.Equal(0, stock.GetSellable(A, S));
        Assert.Equal(1, stock.GetOnHand(A, S));
        Assert.Equal(0, stock.GetSellable(LocationId.Of("x"), S));
    }

    [Fact]
    public void Set_NegativeQuantity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryStockView().Set(A, S, -1));

    [Fact]
    public void Apply_FromManyThreads_NeverOversells()
    {
        var engine = Engine(Location("a"));
        var stock = Stock(("a", "S", 1000));
        var applied = 0;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < 400; i++)
            {
                var result = engine.Route(Order(Line("S", 1)), stock);
                if (result.Shipments.Count == 0) continue;
                try
                {
                    stock.Apply(result);
                    Interlocked.Increment(ref applied);
                }
                catch (InvalidOperationException)
                {
                    // another thread took the last unit between the decision and the apply
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(2))));
        Assert.Equal(1000, applied);
        Assert.Equal(0, stock.GetSellable(A, S));
    }

    [Fact]
    public void Route_FromManyThreads_SameDecisionsAsOneThread()
    {
        var engine = Engine(RankingStrategies.HighStock, SplitPolicy.Greedy, PartialPolicy.Allow, Location("a"), Location("b", priority: 1), Location("c", priority: 2));
        var stock = Stock(("a", "X", 3), ("b", "X", 7), ("c", "Y", 4), ("b", "Y", 1));
        var orders = Enumerable.Range(1, 50).Select(i => Order(Line("X", i % 9 + 1), Line("Y", i % 4 + 1))).ToArray();
        var expected = orders.Select(o => string.Join("|", Describe(engine.Route(o, stock)))).ToArray();
        var mismatches = 0;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (var round = 0; round < 20; round++)
                for (var i = 0; i < orders.Length; i++)
                    if (string.Join("|", Describe(engine.Route(orders[i], stock))) != expected[i]) Interlocked.Increment(ref mismatches);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(2))));
        Assert.Equal(0, mismatches);
    }
}
