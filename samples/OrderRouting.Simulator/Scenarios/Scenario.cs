using NodaTime;

namespace OrderRouting.Simulator.Scenarios;

/// <summary>A validated scenario (format v1): the network, its stock and services, the policy and the orders in file order.</summary>
/// <remarks>Immutable once read; built only by <see cref="ScenarioReader"/>, which has checked every rule of the format.</remarks>
public sealed record Scenario(
    IReadOnlyList<ScenarioLocation> Locations,
    IReadOnlyList<ScenarioStock> Inventory,
    IReadOnlyList<ScenarioService> Shipping,
    ScenarioPolicy Policy,
    IReadOnlyList<ScenarioOrder> Orders);

/// <summary>A stock location of the scenario.</summary>
/// <param name="Id">Unique, non-empty.</param>
/// <param name="Priority">Lower is preferred.</param>
/// <param name="Position">Null when unknown (distance unknown).</param>
/// <param name="TimeZone">The zone its cutoff and placing day are read in.</param>
/// <param name="Cutoff">Local time at or after which an order ships the next working day; null for none.</param>
/// <param name="DailyCapacity">Most shipments per local placing day; null for unlimited.</param>
/// <param name="Enabled">A disabled location is never routed to.</param>
public sealed record ScenarioLocation(
    string Id, int Priority, GeoPoint? Position, DateTimeZone TimeZone, LocalTime? Cutoff, int? DailyCapacity, bool Enabled);

/// <summary>One inventory row: the stock of one SKU at one location.</summary>
public sealed record ScenarioStock(string Location, string Sku, int OnHand, int SafetyStock)
{
    /// <summary>max(0, onHand − safetyStock).</summary>
    public int Sellable => Math.Max(0, OnHand - SafetyStock);
}

/// <summary>A carrier service a location ships with. Cost of one shipment = baseCost + costPerKm × km + costPerUnit × units.</summary>
public sealed record ScenarioService(
    string Location, string Carrier, string Service,
    double BaseCost, double CostPerKm, double CostPerUnit, int TransitDays, double Score);

/// <summary>How the candidate locations are ranked (the file's <c>policy.strategy</c>).</summary>
public enum ScenarioStrategy
{
    /// <summary><c>priority</c></summary>
    Priority,
    /// <summary><c>distance</c></summary>
    Distance,
    /// <summary><c>highStock</c></summary>
    HighStock,
    /// <summary><c>capacity</c></summary>
    Capacity,
    /// <summary><c>carrierScore</c></summary>
    CarrierScore,
    /// <summary><c>cost</c></summary>
    Cost,
}

/// <summary>How an order may be divided between locations (the file's <c>policy.split</c>).</summary>
public enum ScenarioSplit
{
    /// <summary><c>greedy</c></summary>
    Greedy,
    /// <summary><c>minimize</c></summary>
    Minimize,
    /// <summary><c>none</c></summary>
    None,
}

/// <summary>Whether an order may ship in part (the file's <c>policy.partial</c>).</summary>
public enum ScenarioPartial
{
    /// <summary><c>allow</c></summary>
    Allow,
    /// <summary><c>forbid</c></summary>
    Forbid,
}

/// <summary>The routing policy; the defaults are <c>priority</c>, <c>greedy</c>, <c>allow</c>.</summary>
public sealed record ScenarioPolicy(ScenarioStrategy Strategy, ScenarioSplit Split, ScenarioPartial Partial)
{
    /// <summary>The policy of a file that names none.</summary>
    public static ScenarioPolicy Default { get; } = new(ScenarioStrategy.Priority, ScenarioSplit.Greedy, ScenarioPartial.Allow);
}

/// <summary>An order of the scenario.</summary>
/// <param name="Id">Unique, non-empty.</param>
/// <param name="Channel">The sales channel's name, or null; not used for routing in v1.</param>
/// <param name="PlacedAt">When it was placed.</param>
/// <param name="ShipTo">Where it ships to; null when the file gives no address.</param>
/// <param name="Lines">At least one; one line per SKU.</param>
public sealed record ScenarioOrder(
    string Id, string? Channel, Instant PlacedAt, ScenarioAddress? ShipTo, IReadOnlyList<ScenarioLine> Lines)
{
    /// <summary>The ordered units of all lines.</summary>
    public long Units
    {
        get
        {
            long units = 0;
            for (var i = 0; i < Lines.Count; i++) units += Lines[i].Quantity;
            return units;
        }
    }
}

/// <summary>A ship-to address as the format holds it: country and postal code are not checked in v1.</summary>
public sealed record ScenarioAddress(string? Country, string? PostalCode, GeoPoint? Position);

/// <summary>A quantity of one SKU: an order line, a shipment line or an unallocated line.</summary>
public readonly record struct ScenarioLine(string Sku, int Quantity);
