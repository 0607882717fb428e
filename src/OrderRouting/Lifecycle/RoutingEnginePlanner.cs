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
        var at = request.At ?? order.PlacedAt;
        var whole = lines.Length == order.Lines.Count && at == order.PlacedAt; // the request is the order itself: route it without a copy
        for (var i = 0; i < lines.Length; i++)
        {
            var wanted = request.Lines[i];
            var line = LineOf(order, wanted.LineId);
            lines[i] = line.Quantity == wanted.Quantity ? line : new OrderLine(line.LineId, line.Sku, wanted.Quantity, line.UnitPrice, line.Handling);
            whole &= ReferenceEquals(lines[i], order.Lines[i]);
        }
        var stock = request.ExcludedLocations.Count == 0 ? request.Stock : new ExcludingStockView(request.Stock, request.ExcludedLocations);
        var result = Engine.Route(whole ? order : order with { Lines = lines, PlacedAt = at }, stock, request.Capacity);

        var shipments = new PlannedShipment[result.Shipments.Count];
        LocalDate? latest = null;
        for (var i = 0; i < shipments.Length; i++)
        {
            var s = result.Shipments[i];
            var planned = new FulfilmentLine[s.Lines.Count];
            for (var l = 0; l < planned.Length; l++) planned[l] = new FulfilmentLine(s.Lines[l].Line.LineId, s.Lines[l].Sku, s.Lines[l].Quantity);
            shipments[i] = new PlannedShipment(s.LocationId, planned, s.Cost, s.IntakeDate, s.Service);
            if (latest is null || s.PromisedDelivery > latest) latest = s.PromisedDelivery;
        }
        var unfilled = result.Unallocated.Select(u => new FulfilmentLine(u.Line.LineId, u.Sku, u.Quantity)).ToArray();
        return new ShipmentPlan(shipments, unfilled, latest?.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant());
    }

    private static OrderLine LineOf(Order order, string lineId)
    {
        for (var i = 0; i < order.Lines.Count; i++)
            if (order.Lines[i].LineId == lineId) return order.Lines[i];
        throw new InvalidOperationException($"order {order.Id} has no line {lineId}"); // as First(...) did: the lifecycle only asks for its lines
    }

    private sealed class ExcludingStockView(IStockView inner, IReadOnlyCollection<LocationId> excluded) : IStockView
    {
        public int GetSellable(LocationId location, Sku sku) => excluded.Contains(location) ? 0 : inner.GetSellable(location, sku);
    }
}
