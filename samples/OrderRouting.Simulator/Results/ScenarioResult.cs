using NodaTime;
using OrderRouting.Simulator.Scenarios;

namespace OrderRouting.Simulator.Results;

/// <summary>What happened to an order: every unit allocated, some, or none.</summary>
public enum OrderOutcome
{
    /// <summary><c>routed</c>: every unit allocated.</summary>
    Routed,
    /// <summary><c>partial</c>: some units allocated, the rest unallocated (backordered).</summary>
    Partial,
    /// <summary><c>unfulfillable</c>: no unit allocated.</summary>
    Unfulfillable,
}

/// <summary>One shipment of an order: the units one location ships with one carrier service.</summary>
/// <param name="Location">The shipping location's id.</param>
/// <param name="Carrier">The carrier chosen for it.</param>
/// <param name="Service">The carrier's service chosen for it.</param>
/// <param name="Lines">The units it carries, in order-line order.</param>
/// <param name="DistanceKm">Great-circle distance to the ship-to address in km; null when unknown.</param>
/// <param name="Cost">baseCost + costPerKm × km + costPerUnit × units of the chosen service.</param>
/// <param name="DispatchDate">The location's local date of dispatch.</param>
/// <param name="PromisedDelivery">transitDays working days after the dispatch date.</param>
public sealed record ShipmentResult(
    string Location, string Carrier, string Service, IReadOnlyList<ScenarioLine> Lines,
    double? DistanceKm, double Cost, LocalDate DispatchDate, LocalDate PromisedDelivery);

/// <summary>The result of routing one order.</summary>
/// <param name="Id">The order's id.</param>
/// <param name="Outcome">Routed, partial or unfulfillable.</param>
/// <param name="Shipments">One per location used, in the engine's order; empty when unfulfillable.</param>
/// <param name="Unallocated">Each line with units left, in line order, with the units not allocated.</param>
public sealed record OrderResult(
    string Id, OrderOutcome Outcome, IReadOnlyList<ShipmentResult> Shipments, IReadOnlyList<ScenarioLine> Unallocated);

/// <summary>The running totals of a simulation (counts are 64-bit).</summary>
/// <remarks>Mutable; not thread-safe. <see cref="Cost"/> sums the shipments' costs in output order.</remarks>
public sealed class ResultTotals
{
    /// <summary>Orders routed, whatever their outcome.</summary>
    public long Orders { get; private set; }
    /// <summary>Orders with every unit allocated.</summary>
    public long Routed { get; private set; }
    /// <summary>Orders with some units allocated.</summary>
    public long Partial { get; private set; }
    /// <summary>Orders with no unit allocated.</summary>
    public long Unfulfillable { get; private set; }
    /// <summary>Units ordered by every order, refused ones included.</summary>
    public long Units { get; private set; }
    /// <summary>Units allocated.</summary>
    public long UnitsAllocated { get; private set; }
    /// <summary>Shipments.</summary>
    public long Shipments { get; private set; }
    /// <summary>The sum of every shipment's cost.</summary>
    public double Cost { get; private set; }

    /// <summary>Adds one order's result; <paramref name="orderedUnits"/> are the units the order asked for.</summary>
    public void Add(OrderResult result, long orderedUnits)
    {
        ArgumentNullException.ThrowIfNull(result);
        Orders++;
        switch (result.Outcome)
        {
            case OrderOutcome.Routed: Routed++; break;
            case OrderOutcome.Partial: Partial++; break;
            default: Unfulfillable++; break;
        }
        Units += orderedUnits;
        foreach (var shipment in result.Shipments)
        {
            Shipments++;
            Cost += shipment.Cost;
            foreach (var line in shipment.Lines) UnitsAllocated += line.Quantity;
        }
    }
}
