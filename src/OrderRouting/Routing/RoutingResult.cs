using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;

namespace OrderRouting.Routing;

/// <summary>How much of an order a routing decision allocated.</summary>
public enum RoutingOutcome
{
    /// <summary>Every unit is allocated.</summary>
    Routed,

    /// <summary>Some units are allocated, the rest are unallocated (backordered).</summary>
    Partial,

    /// <summary>No unit is allocated.</summary>
    Unfulfillable,
}

/// <summary>Why units of a line were not allocated: something an operator or an automation can act on.</summary>
public enum UnallocatedReason
{
    /// <summary>No location in the network holds sellable stock of the SKU.</summary>
    NoStockAnywhere,

    /// <summary>Eligible locations hold some stock of the SKU, but not enough for the rest of the line.</summary>
    InsufficientStock,

    /// <summary>Every location holding stock is ineligible (disabled, no carrier, channel, country or a user rule).</summary>
    NoEligibleLocation,

    /// <summary>Every location holding stock has used its daily capacity.</summary>
    CapacityFull,

    /// <summary>Every location holding stock lacks a handling capability the line needs.</summary>
    HandlingNotSupported,

    /// <summary>Every location holding stock cannot deliver by the requested date or service level.</summary>
    DeliveryNotAchievable,

    /// <summary>Stock exists, but not in one location, and the split policy is <see cref="SplitPolicy.None"/>.</summary>
    SplitNotAllowed,

    /// <summary>The units could be allocated, but the order as a whole could not and the partial policy is
    /// <see cref="PartialPolicy.Forbid"/>.</summary>
    PartialForbidden,
}

/// <summary>One line's units in a shipment.</summary>
/// <param name="Line">The order line.</param>
/// <param name="Quantity">Units of the line in this shipment, at least 1.</param>
public readonly record struct ShipmentLine(OrderLine Line, int Quantity)
{
    /// <summary>The line's SKU.</summary>
    public Sku Sku => Line.Sku;
}

/// <summary>
/// One shipment of a routing decision: which location ships which units with which carrier service, what it costs,
/// and when it is dispatched and delivered.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Shipment
{
    internal Shipment(StockLocation location, IReadOnlyList<ShipmentLine> lines, CarrierService service, double cost,
        double? distanceKm, LocalDate intakeDate, LocalDate dispatchDate, LocalDate promisedDelivery)
    {
        Location = location;
        Lines = lines;
        Service = service;
        Cost = cost;
        DistanceKm = distanceKm;
        IntakeDate = intakeDate;
        DispatchDate = dispatchDate;
        PromisedDelivery = promisedDelivery;
    }

    /// <summary>The location that ships.</summary>
    public StockLocation Location { get; }

    /// <summary>The location's id.</summary>
    public LocationId LocationId => Location.Id;

    /// <summary>The lines it carries, in order-line order.</summary>
    public IReadOnlyList<ShipmentLine> Lines { get; }

    /// <summary>The carrier service chosen for it (after the allocation was final, on the units it carries).</summary>
    public CarrierService Service { get; }

    /// <summary>The shipping cost: base + per km × km + per unit × units.</summary>
    public double Cost { get; }

    /// <summary>The great-circle distance in km from the location to the ship-to address; null when unknown.</summary>
    public double? DistanceKm { get; }

    /// <summary>The location's local date of the order's placing instant: the day whose daily capacity the shipment uses.</summary>
    public LocalDate IntakeDate { get; }

    /// <summary>The location's local date of dispatch (from its cutoff and calendar).</summary>
    public LocalDate DispatchDate { get; }

    /// <summary>The promised delivery date: the service's transit days in working days after dispatch.</summary>
    public LocalDate PromisedDelivery { get; }

    /// <summary>The units it carries.</summary>
    public long Units
    {
        get
        {
            long units = 0;
            foreach (var line in Lines) units += line.Quantity;
            return units;
        }
    }
}

/// <summary>Units of a line that were not allocated, and why.</summary>
/// <param name="Line">The order line.</param>
/// <param name="Quantity">The units not allocated, at least 1.</param>
/// <param name="Reason">Why.</param>
public readonly record struct UnallocatedLine(OrderLine Line, int Quantity, UnallocatedReason Reason)
{
    /// <summary>The line's SKU.</summary>
    public Sku Sku => Line.Sku;
}

/// <summary>
/// A routing decision, as data: the outcome, the shipments, the unallocated lines with reasons and, when asked
/// for, the explanation.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RoutingResult
{
    internal RoutingResult(Order order, RoutingOutcome outcome, IReadOnlyList<Shipment> shipments,
        IReadOnlyList<UnallocatedLine> unallocated, RoutingExplanation? explanation)
    {
        Order = order;
        Outcome = outcome;
        Shipments = shipments;
        Unallocated = unallocated;
        Explanation = explanation;
    }

    /// <summary>The order routed.</summary>
    public Order Order { get; }

    /// <summary>Routed, partial or unfulfillable.</summary>
    public RoutingOutcome Outcome { get; }

    /// <summary>The shipments, one per location used, in the order the engine chose them (rule 7 of the scenario format).</summary>
    public IReadOnlyList<Shipment> Shipments { get; }

    /// <summary>Each line with units left, in line order, with the units and the reason.</summary>
    public IReadOnlyList<UnallocatedLine> Unallocated { get; }

    /// <summary>Why the engine decided as it did; null unless the route was asked to explain itself
    /// (<see cref="RoutingEngine.Route(Order, Ports.IStockView, ICapacityView?, bool)"/> with <c>explain: true</c>).</summary>
    public RoutingExplanation? Explanation { get; }

    /// <summary>The units allocated over all shipments.</summary>
    public long UnitsAllocated
    {
        get
        {
            long units = 0;
            foreach (var shipment in Shipments) units += shipment.Units;
            return units;
        }
    }

    /// <summary>The total shipping cost of the shipments.</summary>
    public double TotalCost
    {
        get
        {
            var cost = 0.0;
            foreach (var shipment in Shipments) cost += shipment.Cost;
            return cost;
        }
    }
}
