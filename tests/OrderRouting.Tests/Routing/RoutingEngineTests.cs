using NodaTime;
using OrderRouting.Network;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Routing;

public class RoutingEngineTests
{
    [Fact]
    public void Route_Ended_KeepsNothingOfTheOrder()
    {
        // The thread's working memory is reused by the next route; what it held of this one must not stay reachable.
        var engine = Engine(RankingStrategies.HighStock, SplitPolicy.Greedy, PartialPolicy.Allow, Location("a"), Location("b", priority: 1));
        var stock = Stock(("a", "X", 1), ("b", "X", 5), ("b", "Y", 5));

        var (order, line, sku) = RouteAndForget(engine, stock);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(order.TryGetTarget(out _), "the order is still reachable");
        Assert.False(line.TryGetTarget(out _), "a line of the order is still reachable");
        Assert.False(sku.TryGetTarget(out _), "the text of a line's SKU is still reachable");
    }

    [Fact]
    public void Route_LinesListThrowingWhileRead_ThrowsItsErrorAndTheNextRouteWorks()
    {
        // On a thread of its own, whose working memory is new: the first route's 40 lines make it grow.
        var engine = Engine(Location("a"));
        var stock = Stock(("a", "S", 100));
        var lines = Enumerable.Range(0, 40).Select(i => Line("S", 1, lineId: $"l{i}")).ToArray();
        (Exception? Error, long Units) outcome = default;
        var thread = new Thread(() =>
        {
            outcome.Error = Record.Exception(() => engine.Route(Order(Line("S", 1)) with { Lines = new ThrowsOnSecondPass(lines) }, stock));
            outcome.Units = engine.Route(Order(lines), stock).UnitsAllocated;
        });
        thread.Start();
        thread.Join();

        Assert.Equal("the list failed", Assert.IsType<InvalidOperationException>(outcome.Error).Message);
        Assert.Equal(40, outcome.Units);
    }

    /// <summary>A list of lines that reads fine once (the engine's validation) and throws on the next read.</summary>
    private sealed class ThrowsOnSecondPass(Orders.OrderLine[] lines) : IReadOnlyList<Orders.OrderLine>
    {
        private int _reads;

        public int Count => lines.Length;

        public Orders.OrderLine this[int index] => ++_reads > lines.Length ? throw new InvalidOperationException("the list failed") : lines[index];

        public IEnumerator<Orders.OrderLine> GetEnumerator() => ((IEnumerable<Orders.OrderLine>)lines).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (WeakReference<Orders.Order> Order, WeakReference<Orders.OrderLine> Line, WeakReference<string> Sku) RouteAndForget(
        RoutingEngine engine, InMemoryStockView stock)
    {
        var text = new string('Y', 1); // not the interned literal: a text only this order holds
        var order = Order(Line("X", 3), Line(text, 2));
        Assert.Equal(RoutingOutcome.Routed, engine.Route(order, stock, explain: true).Outcome);
        return (new WeakReference<Orders.Order>(order), new WeakReference<Orders.OrderLine>(order.Lines[1]), new WeakReference<string>(text));
    }

    [Fact]
    public void Route_ScenarioFormatExample_GivesTheSpecifiedShipment()
    {
        var location = new StockLocation
        {
            Id = LocationId.Of("eu-1"), Priority = 1, Position = GeoPoint.Of(52.52, 13.405),
            TimeZone = DateTimeZoneProviders.Tzdb["Europe/Berlin"], Cutoff = new LocalTime(14, 0), DailyCapacity = 500,
            Services = [Service(4.90, 0.002, 0.25, 2, 0.97)],
        };
        var engine = Engine(location);
        var order = Order(Friday0900, GeoPoint.Of(52.53, 13.38), Line("SKU-1", 3));

        var result = engine.Route(order, Stock(("eu-1", "SKU-1", 5)), new DailyCapacityCounter());

        Assert.Equal(RoutingOutcome.Routed, result.Outcome);
        var shipment = Assert.Single(result.Shipments);
        Assert.Equal("eu-1", shipment.LocationId.Value);
        Assert.Equal(("dhl", "standard"), (shipment.Service.Carrier, shipment.Service.Service));
        Assert.Equal(2.0241037424124495, shipment.DistanceKm);
        Assert.Equal(5.654048207484825, shipment.Cost);
        Assert.Equal(new LocalDate(2026, 11, 27), shipment.DispatchDate);
        Assert.Equal(new LocalDate(2026, 12, 1), shipment.PromisedDelivery);
        Assert.Empty(result.Unallocated);
        Assert.Equal(3, result.UnitsAllocated);
    }

    [Fact]
    public void Route_GreedyPriority_TakesFromBestRankedThenNext()
    {
        var engine = Engine(Location("a", priority: 2), Location("b", priority: 1));
        var result = engine.Route(Order(Line("S1", 5)), Stock(("a", "S1", 10), ("b", "S1", 3)));
        Assert.Equal(["b:S1x3", "a:S1x2"], Describe(result));
    }
}
