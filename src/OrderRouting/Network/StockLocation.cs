using NodaTime;
using OrderRouting.Promising;

namespace OrderRouting.Network;

/// <summary>
/// A place stock ships from (a warehouse, a store, a 3PL site) as routing sees it: its rank, position, local time
/// rules, intake limit, carrier services, capabilities and restrictions.
/// </summary>
/// <remarks>Immutable and thread-safe. <see cref="RoutingNetwork.Create"/> validates it and compiles it for routing.</remarks>
public sealed record StockLocation
{
    /// <summary>The location's unique id.</summary>
    public required LocationId Id { get; init; }

    /// <summary>The merchant's ranking of its locations: lower is preferred; may be negative.</summary>
    /// <value>The default value is 0.</value>
    public int Priority { get; init; }

    /// <summary>Where the location is; without it, distances from it are unknown.</summary>
    /// <value>The default value is null.</value>
    public GeoPoint? Position { get; init; }

    /// <summary>The location's time zone, for its cutoff, its calendar and its capacity day.</summary>
    /// <value>The default value is <see cref="DateTimeZone.Utc"/>.</value>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;

    /// <summary>The local time at or after which an order ships the next working day; null: no cutoff.</summary>
    /// <value>The default value is null.</value>
    public LocalTime? Cutoff { get; init; }

    /// <summary>The most shipments routed to the location per local placing day (an intake limit); null: unlimited.</summary>
    /// <value>The default value is null. 0 means the location never ships.</value>
    public int? DailyCapacity { get; init; }

    /// <summary>Whether the location may be routed to at all.</summary>
    /// <value>The default value is true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>The carrier services the location ships with; a location with none cannot ship.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<CarrierService> Services { get; init; } = [];

    /// <summary>The special handling the location can do (ordinal tags such as <c>hazmat</c>, <c>cold-chain</c>);
    /// a line whose <see cref="Orders.OrderLine.Handling"/> tags are not all here cannot ship from it.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyCollection<string> Capabilities { get; init; } = [];

    /// <summary>The days the location dispatches on and its carriers deliver on.</summary>
    /// <value>The default value is <see cref="WorkingCalendar.MondayToFriday"/>.</value>
    public WorkingCalendar Calendar { get; init; } = WorkingCalendar.MondayToFriday;

    /// <summary>The only sales channels the location serves (a wholesale warehouse serving the B2B channel); null: every channel.</summary>
    /// <value>The default value is null.</value>
    public IReadOnlyCollection<ChannelId>? Channels { get; init; }

    /// <summary>The only ship-to countries (ISO 3166-1 alpha-2) the location ships to; null: every country.</summary>
    /// <value>The default value is null.</value>
    public IReadOnlyCollection<string>? Countries { get; init; }
}
