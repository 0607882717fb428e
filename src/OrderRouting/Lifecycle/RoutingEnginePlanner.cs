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
        var at = request.At ?? order.PlacedAt;
        var stock = request.ExcludedLocations.Count == 0 ? request.Stock : new ExcludingStockView(request.Stock, request.ExcludedLocations);
        // The usual request is every line of the order, whole: the order's own lines are routed, as of the request's time
        // (a copy of the order only when that time is not the order's own).
        var routed = !AreAllLinesWhole(request) ? order with { Lines = LinesOf(request), PlacedAt = at }
            : at == order.PlacedAt ? order
            : order with { PlacedAt = at };
        var result = Engine.Route(routed, stock, request.Capacity);

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
        var unfilled = new FulfilmentLine[result.Unallocated.Count];
        for (var u = 0; u < unfilled.Length; u++) unfilled[u] = new FulfilmentLine(result.Unallocated[u].Line.LineId, result.Unallocated[u].Sku, result.Unallocated[u].Quantity);
        return new ShipmentPlan(shipments, unfilled, latest?.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant());
    }

    /// <summary>Whether the request asks for every line of the order, in order, whole.</summary>
    private static bool AreAllLinesWhole(in PlanningRequest request)
    {
        var lines = request.Order.Lines;
        if (request.Lines.Count != lines.Count) return false;
        for (var i = 0; i < lines.Count; i++)
            if (request.Lines[i].LineId != lines[i].LineId || request.Lines[i].Quantity != lines[i].Quantity) return false;
        return true;
    }

    /// <summary>The order's lines with the requested units, in the request's order.</summary>
    private static OrderLine[] LinesOf(in PlanningRequest request)
    {
        var lines = new OrderLine[request.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var wanted = request.Lines[i];
            var line = LineOf(request.Order, wanted.LineId);
            lines[i] = line.Quantity == wanted.Quantity ? line : new OrderLine(line.LineId, line.Sku, wanted.Quantity, line.UnitPrice, line.Handling);
        }
        return lines;
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
