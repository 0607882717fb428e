using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Lifecycle;
using OrderRouting.Network;
using OrderRouting.Routing;
using Xunit;
using static OrderRouting.Tests.Lifecycle.Support.LifecycleHarness;

namespace OrderRouting.Tests.Lifecycle;

public class RoutingEnginePlannerTests
{
    private static RoutingEnginePlanner Planner() => new(new RoutingEngine(
        RoutingNetwork.Create([Location(A, 1), Location(B, 2)]), new RoutingPolicy()));

    private static StockLocation Location(LocationId id, int priority) => new()
    {
        Id = id,
        Priority = priority,
        Services = [new CarrierService { Carrier = "dhl", Service = "standard", BaseCost = 4 + priority, TransitDays = 1 }],
    };

    [Fact]
    public void Plan_StockAtBoth_UsesTheEngineWithItsCostAndPromise()
    {
        var stock = new InMemoryStockView();
        stock.Set(A, Red, 5);
        stock.Set(B, Red, 5);
        var order = Order("1", ("1", Red, 3));

        var plan = Planner().Plan(new PlanningRequest(order, [new FulfilmentLine("1", Red, 2)], stock, []));

        var shipment = Assert.Single(plan.Shipments);
        Assert.Equal(A, shipment.Location);
        Assert.Equal([new FulfilmentLine("1", Red, 2)], shipment.Lines);
        Assert.Equal(5, shipment.ShippingCost);
        Assert.Empty(plan.Unfilled);
        Assert.NotNull(plan.PromisedBy);
        Assert.True(plan.PromisedBy > order.PlacedAt);
    }

    [Fact]
    public void Plan_BestLocationExcluded_UsesTheNextOrBackorders()
    {
        var stock = new InMemoryStockView();
        stock.Set(A, Red, 5);
        stock.Set(B, Red, 1);
        var order = Order("1", ("1", Red, 3));

        var plan = Planner().Plan(new PlanningRequest(order, order.Lines.Select(l => new FulfilmentLine(l.LineId, l.Sku, l.Quantity)).ToArray(), stock, [A]));

        Assert.Equal(B, Assert.Single(plan.Shipments).Location);
        Assert.Equal([new FulfilmentLine("1", Red, 2)], plan.Unfilled);
    }

    [Fact]
    public async Task Lifecycle_DailyCapacityOfOneAtA_SecondOrderGoesToBUntilTheFirstIsCancelled()
    {
        var clock = new NodaTime.Testing.FakeClock(Start);
        using var ledger = new Support.InMemoryLedger(clock);
        ledger.Receive(A, Red, 10);
        ledger.Receive(B, Red, 10);
        var network = RoutingNetwork.Create([Location(A, 1) with { DailyCapacity = 1 }, Location(B, 2)]);
        var providers = new[] { new Support.RecordingFulfilment(A), new Support.RecordingFulfilment(B) };
        using var lifecycle = new OrderLifecycle(ledger, new RoutingEnginePlanner(new RoutingEngine(network, new RoutingPolicy())), clock, providers,
            new OrderLifecycleOptions { ReleaseOnRouting = false });

        await lifecycle.IngestAsync(Order("1", ("1", Red, 1)));
        await lifecycle.IngestAsync(Order("2", ("1", Red, 1)));
        var first = Assert.Single(lifecycle.Find(OrderId.Of("web-1"))!.Shipments);
        Assert.Equal(A, first.Location);
        Assert.Equal(new LocalDate(2026, 11, 27), first.IntakeDate);
        Assert.Equal(B, Assert.Single(lifecycle.Find(OrderId.Of("web-2"))!.Shipments).Location);
        Assert.Equal(1, lifecycle.Capacity.GetShipments(A, new LocalDate(2026, 11, 27)));

        await lifecycle.CancelAsync(OrderId.Of("web-1"));
        Assert.Equal(0, lifecycle.Capacity.GetShipments(A, new LocalDate(2026, 11, 27)));
        await lifecycle.IngestAsync(Order("3", ("1", Red, 1)));

        Assert.Equal(A, Assert.Single(lifecycle.Find(OrderId.Of("web-3"))!.Shipments).Location);
    }

    [Fact]
    public async Task Lifecycle_Restarted_CapacityRebuiltFromTheStore()
    {
        var clock = new NodaTime.Testing.FakeClock(Start);
        using var ledger = new Support.InMemoryLedger(clock);
        ledger.Receive(A, Red, 10);
        ledger.Receive(B, Red, 10);
        var network = RoutingNetwork.Create([Location(A, 1) with { DailyCapacity = 1 }, Location(B, 2)]);
        var planner = new RoutingEnginePlanner(new RoutingEngine(network, new RoutingPolicy()));
        var providers = new[] { new Support.RecordingFulfilment(A), new Support.RecordingFulfilment(B) };
        var store = new InMemoryOrderStore();
        using (var before = new OrderLifecycle(ledger, planner, clock, providers, store: store))
            await before.IngestAsync(Order("1", ("1", Red, 1)));

        using var after = new OrderLifecycle(ledger, planner, clock, providers, store: store);
        await after.IngestAsync(Order("2", ("1", Red, 1)));

        Assert.Equal(1, after.Capacity.GetShipments(A, new LocalDate(2026, 11, 27)));
        Assert.Equal(B, Assert.Single(after.Find(OrderId.Of("web-2"))!.Shipments).Location);
    }
}
