using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Orders;
using OrderRouting.Ports;
using OrderRouting.Routing;

namespace OrderRouting.Lifecycle;

/// <summary>
/// Plans with a <see cref="RoutingEngine"/>: the lifecycle's units become an order of those lines, excluded locations
/// are seen as holding no stock, and the engine's shipments, costs and promise dates become the plan.
/// </summary>
/// <remarks>Thread-safe when the engine is (it is). Daily capacity is read from <see cref="PlanningRequest.Capacity"/>
/// (the lifecycle counts its live shipments there); each planned shipment names the day it uses.</remarks>
public sealed class RoutingEnginePlanner : IShipmentPlanner
{
    /// <summary>Creates the planner.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
    public RoutingEnginePlanner(RoutingEngine engine) => Engine = Guard.NotNull(engine);

    /// <summary>The engine that decides.</summary>
    public RoutingEngine Engine { get; }

    /// <inheritdoc />
    /// <remarks><see cref="ShipmentPlan.PromisedBy"/> is the end (UTC) of the latest promised delivery date.</remarks>
    public ShipmentPlan Plan(in PlanningRequest request)
    {
        var order = request.Order;
        var lines = new OrderLine[request.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var wanted = request.Lines[i];
            var line = order.Lines.First(l => l.LineId == wanted.LineId);
            lines[i] = line.Quantity == wanted.Quantity ? line : new OrderLine(line.LineId, line.Sku, wanted.Quantity, line.UnitPrice, line.Handling);
        }
        var stock = request.ExcludedLocations.Count == 0 ? request.Stock : new ExcludingStockView(request.Stock, request.ExcludedLocations);
        var result = Engine.Route(order with { Lines = lines }, stock, request.Capacity);

        var shipments = new PlannedShipment[result.Shipments.Count];
        LocalDate? latest = null;
        for (var i = 0; i < shipments.Length; i++)
        {
            var s = result.Shipments[i];
            shipments[i] = new PlannedShipment(s.LocationId, s.Lines.Select(l => new FulfilmentLine(l.Line.LineId, l.Sku, l.Quantity)).ToArray(), s.Cost, s.IntakeDate);
            if (latest is null || s.PromisedDelivery > latest) latest = s.PromisedDelivery;
        }
        var unfilled = result.Unallocated.Select(u => new FulfilmentLine(u.Line.LineId, u.Sku, u.Quantity)).ToArray();
        return new ShipmentPlan(shipments, unfilled, latest?.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant());
    }

    private sealed class ExcludingStockView(IStockView inner, IReadOnlyCollection<LocationId> excluded) : IStockView
    {
        public int GetSellable(LocationId location, Sku sku) => excluded.Contains(location) ? 0 : inner.GetSellable(location, sku);
    }
}
