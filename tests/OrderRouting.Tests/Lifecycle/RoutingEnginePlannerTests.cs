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
    public void Plan_LineSplitAcrossLocations_EachShipmentCarriesItsUnits()
    {
        var stock = new InMemoryStockView();
        stock.Set(A, Red, 2);
        stock.Set(A, Blue, 5);
        stock.Set(B, Red, 5);
        var order = Order("1", ("1", Red, 3), ("2", Blue, 1));
        FulfilmentLine red = new("1", Red, 3), blue = new("2", Blue, 1);

        var plan = Planner().Plan(new PlanningRequest(order, [red, blue], stock, []));

        // Greedy over priority: A ships 2 red and the blue, B the third red.
        var (atA, atB) = (plan.Shipments.Single(s => s.Location == A), plan.Shipments.Single(s => s.Location == B));
        Assert.Equal([new FulfilmentLine("1", Red, 2), blue], atA.Lines);
        Assert.Equal([new FulfilmentLine("1", Red, 1)], atB.Lines);
    }

    private static readonly LocalDate Today = new(2026, 11, 27);

    /// <summary>A over daily capacity 1 and B without a limit, both stocked.</summary>
    private static Support.EngineWorld CapacityWorld()
    {
        var world = new Support.EngineWorld(Location(A, 1) with { DailyCapacity = 1 }, Location(B, 2));
        world.Ledger.Receive(A, Red, 10);
        world.Ledger.Receive(B, Red, 10);
        return world;
    }

    private static LocationId ShippedFrom(OrderLifecycle lifecycle, string externalId) =>
        Assert.Single(lifecycle.Find(OrderId.Of("web-" + externalId))!.Shipments).Location;

    [Fact]
    public async Task Lifecycle_DailyCapacityOfOneAtA_SecondOrderGoesToBUntilTheFirstIsCancelled()
    {
        using var world = CapacityWorld();
        using var lifecycle = world.Open(new OrderLifecycleOptions { ReleaseOnRouting = false });

        await lifecycle.IngestAsync(Order("1", ("1", Red, 1)));
        await lifecycle.IngestAsync(Order("2", ("1", Red, 1)));
        Assert.Equal(Today, Assert.Single(lifecycle.Find(OrderId.Of("web-1"))!.Shipments).IntakeDate);
        Assert.Equal(A, ShippedFrom(lifecycle, "1"));
        Assert.Equal(B, ShippedFrom(lifecycle, "2"));
        Assert.Equal(1, lifecycle.Capacity.GetShipments(A, Today));

        await lifecycle.CancelAsync(OrderId.Of("web-1"));
        Assert.Equal(0, lifecycle.Capacity.GetShipments(A, Today));
        await lifecycle.IngestAsync(Order("3", ("1", Red, 1)));

        Assert.Equal(A, ShippedFrom(lifecycle, "3"));
    }

    [Fact]
    public async Task Lifecycle_Restarted_CapacityRebuiltFromTheStore()
    {
        using var world = CapacityWorld();
        using (var before = world.Open())
            await before.IngestAsync(Order("1", ("1", Red, 1)));

        using var after = world.Open();
        await after.IngestAsync(Order("2", ("1", Red, 1)));

        Assert.Equal(1, after.Capacity.GetShipments(A, Today));
        Assert.Equal(B, ShippedFrom(after, "2"));
    }

    [Fact]
    public async Task Lifecycle_OrderRoutedADayAfterItWasPlaced_UsesThatDaysCapacity()
    {
        using var world = CapacityWorld();
        using var lifecycle = world.Open();
        await lifecycle.IngestAsync(Order("1", ("1", Red, 1)));
        world.Clock.Advance(Duration.FromDays(1));

        await lifecycle.IngestAsync(Order("2", ("1", Red, 1))); // placed yesterday (Start), arriving today

        Assert.Equal(A, ShippedFrom(lifecycle, "2"));
        Assert.Equal(Today.PlusDays(1), lifecycle.Find(OrderId.Of("web-2"))!.Shipments[0].IntakeDate);
    }
}
