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
}
