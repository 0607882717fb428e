using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Orders;
using OrderRouting.Ports;

namespace OrderRouting.Lifecycle;

/// <summary>
/// Decides which locations ship which units of an order: the seam between the lifecycle and routing. Routing
/// strategies are adapted to it; the lifecycle confirms every plan by reserving it in the ledger.
/// </summary>
/// <remarks>Implementations must be pure functions of the request (no side effects, no clock reads) and safe to call from many threads.</remarks>
public interface IShipmentPlanner
{
    /// <summary>Plans the lines of <paramref name="request"/>. Units that cannot be placed go to <see cref="ShipmentPlan.Unfilled"/>.</summary>
    ShipmentPlan Plan(in PlanningRequest request);
}

/// <summary>What to plan.</summary>
/// <param name="Order">The order (ship-to, channel, placed time).</param>
/// <param name="Lines">The units still to place (a whole order, or what a short pick left).</param>
/// <param name="Stock">Sellable stock now.</param>
/// <param name="ExcludedLocations">Locations that must not be used (they short-picked or rejected this order).</param>
/// <param name="Capacity">Shipments each location has taken per local day (the lifecycle's live count), for daily
/// capacity; null when not counted.</param>
/// <param name="At">When the routing happens: dispatch cutoffs, promise dates and the day whose capacity is used count
/// from it (a backorder filled two days later ships from then, not from when it was placed); null for the order's
/// placed time.</param>
public readonly record struct PlanningRequest(Order Order, IReadOnlyList<FulfilmentLine> Lines, IStockView Stock, IReadOnlyCollection<LocationId> ExcludedLocations,
    Routing.ICapacityView? Capacity = null, Instant? At = null);

/// <summary>A plan: shipments, what could not be placed, and the promise.</summary>
/// <param name="Shipments">One entry per location used; a location appears at most once.</param>
/// <param name="Unfilled">Units no allowed location can ship now.</param>
/// <param name="PromisedBy">The delivery promise for the plan, when the planner makes one.</param>
public sealed record ShipmentPlan(IReadOnlyList<PlannedShipment> Shipments, IReadOnlyList<FulfilmentLine> Unfilled, Instant? PromisedBy = null)
{
    /// <summary>The sum of the shipments' costs.</summary>
    public double ShippingCost => Shipments.Sum(static s => s.ShippingCost);
}

/// <summary>Units one location ships.</summary>
/// <param name="Location">Where from.</param>
/// <param name="Lines">What; each order line at most once.</param>
/// <param name="ShippingCost">The routing objective's cost of this shipment (same unit as the strategy's cost, usually the currency's major unit).</param>
/// <param name="IntakeDate">The location's local day whose daily capacity the shipment uses; null when the planner does not count capacity.</param>
/// <param name="Service">The carrier service chosen for the shipment; null when the planner does not choose one.</param>
public sealed record PlannedShipment(LocationId Location, IReadOnlyList<FulfilmentLine> Lines, double ShippingCost, LocalDate? IntakeDate = null,
    Network.CarrierService? Service = null);
