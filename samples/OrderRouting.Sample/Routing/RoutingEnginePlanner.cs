using NodaTime;
using OrderRouting.Lifecycle;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Ports;
using OrderRouting.Routing;
using ConnectorLine = OrderRouting.Connectors.ShipmentLine;

namespace OrderRouting.Sample.Routing;

/// <summary>
/// Adapts a <see cref="RoutingEngine"/> (a network and a policy) to the lifecycle's <see cref="IShipmentPlanner"/> seam:
/// the reference wiring for integrators. It routes only the units the lifecycle still needs (a whole order, or what a
/// short pick left), keeps away from the locations the lifecycle excludes, and promises delivery by the end of the
/// latest shipment's promised day in that location's time zone.
/// </summary>
/// <remarks>Pure and thread-safe, as the seam requires: the engine is, and nothing here keeps state.</remarks>
internal sealed class RoutingEnginePlanner(RoutingEngine engine) : IShipmentPlanner
{
    /// <summary>The engine planned with.</summary>
    public RoutingEngine Engine { get; } = engine;

    /// <inheritdoc />
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
        var result = Engine.Route(order with { Lines = lines }, stock);

        var shipments = new PlannedShipment[result.Shipments.Count];
        Instant? promise = null;
        for (var s = 0; s < shipments.Length; s++)
        {
            var shipment = result.Shipments[s];
            shipments[s] = new PlannedShipment(shipment.LocationId,
                shipment.Lines.Select(l => new ConnectorLine(l.Line.LineId, l.Sku, l.Quantity)).ToArray(), shipment.Cost);
            var endOfPromisedDay = shipment.PromisedDelivery.PlusDays(1).AtStartOfDayInZone(shipment.Location.TimeZone).ToInstant();
            if (promise is null || endOfPromisedDay > promise) promise = endOfPromisedDay;
        }
        var unfilled = result.Unallocated.Select(u => new ConnectorLine(u.Line.LineId, u.Sku, u.Quantity)).ToArray();
        return new ShipmentPlan(shipments, unfilled, promise);
    }

    /// <summary>Creates a planner over <paramref name="locations"/> with <paramref name="policy"/>.</summary>
    /// <exception cref="RoutingNetworkException">A location is invalid.</exception>
    public static RoutingEnginePlanner Create(IEnumerable<StockLocation> locations, RoutingPolicy policy) =>
        new(new RoutingEngine(RoutingNetwork.Create(locations), policy));

    /// <summary>Stock as the engine should see it: nothing at the excluded locations.</summary>
    private sealed class ExcludingStockView(IStockView inner, IReadOnlyCollection<LocationId> excluded) : IStockView
    {
        public int GetSellable(LocationId location, Sku sku) => excluded.Contains(location) ? 0 : inner.GetSellable(location, sku);
    }
}
