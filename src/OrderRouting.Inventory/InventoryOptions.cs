using NodaTime;
using OrderRouting.Inventory.Availability;

namespace OrderRouting.Inventory;

/// <summary>Configures the stock ledger. Validated as a whole: every problem is reported together.</summary>
/// <remarks>Configure at start-up; the ledger reads the options once, when it is created.</remarks>
public sealed class InventoryOptions
{
    /// <summary>The stock locations the ledger knows. Commands naming any other location are refused with
    /// <see cref="OrderRouting.Ports.LedgerStatus.UnknownLocation"/>.</summary>
    /// <value>The default value is empty; at least one location is required.</value>
    public IList<LocationId> Locations { get; } = [];

    /// <summary>How long the key of an accepted command (and a resolved hold) is remembered: a retry within the
    /// window gets the original outcome; afterwards the key is forgotten, so memory stays bounded.</summary>
    /// <value>The default value is one day.</value>
    public Duration IdempotencyRetention { get; set; } = Duration.FromDays(1);

    /// <summary>The time to live of a cart hold when the caller names none.</summary>
    /// <value>The default value is 15 minutes.</value>
    public Duration CartHoldTimeToLive { get; set; } = Duration.FromMinutes(15);

    /// <summary>Take a snapshot (and let the store drop the entries it covers) after this many entries; 0 never does.</summary>
    /// <value>The default value is 1,000,000.</value>
    public int SnapshotEvery { get; set; } = 1_000_000;

    /// <summary>
    /// How many holds the ledger expects to keep at once: the open ones and those resolved within
    /// <see cref="IdempotencyRetention"/> — for an order system, about the shipments of one retention window (a day).
    /// The ledger's hold, expiry and idempotency tables are sized for that many (and twice as many keys) when it is
    /// created, so that they do not grow, copying themselves, while the day fills them. More holds than this are fine
    /// (the tables then grow as usual); the cost of a hint is the tables' memory from the start (about 400 bytes per
    /// expected hold).
    /// </summary>
    /// <value>The default value is 0: the tables start small and grow as needed. At most
    /// <see cref="MaxExpectedHolds"/>.</value>
    public int ExpectedHolds { get; set; }

    /// <summary>The largest <see cref="ExpectedHolds"/> accepted: 50,000,000 (about 20 GB of tables from the start).</summary>
    public const int MaxExpectedHolds = 50_000_000;

    /// <summary>The sales channels whose availability the ledger publishes.</summary>
    /// <value>The default value is empty (no availability feed, no cost on the hot path); <c>AddInventory</c> adds one
    /// for each registered sales channel that has none (see <see cref="PushChannelStock"/>).</value>
    public IList<ChannelDefinition> Channels { get; } = [];

    /// <summary>
    /// Whether <c>AddInventory</c> pushes stock levels to every registered sales channel by itself, shortly after each
    /// coalesced batch of availability changes (<see cref="Availability.ChannelStockPublisher"/>). When false the
    /// publisher is still registered, and the host calls <see cref="Availability.ChannelStockPublisher.PublishAsync"/>
    /// on its own schedule. A registered channel without an entry in <see cref="Channels"/> is given one that sells
    /// from every location with no buffer.
    /// </summary>
    /// <value>The default value is <c>true</c>.</value>
    public bool PushChannelStock { get; set; } = true;

    /// <summary>How long changes are gathered before channel availability is published, per SKU; a SKU that changes
    /// many times within the window is published once, with its latest value.</summary>
    /// <value>The default value is 100 milliseconds.</value>
    public Duration AvailabilityCoalescingWindow { get; set; } = Duration.FromMilliseconds(100);

    /// <summary>Adds every problem with these options to <paramref name="problems"/>, one sentence each naming the setting.</summary>
    public void Validate(ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (Locations.Count == 0) problems.Add("Inventory.Locations: must name at least one location");
        var known = new HashSet<LocationId>();
        foreach (var location in Locations)
        {
            if (location.Value is null) problems.Add("Inventory.Locations: contains an empty location id");
            else if (!known.Add(location)) problems.Add($"Inventory.Locations: {location} appears twice");
        }
        if (IdempotencyRetention <= Duration.Zero)
            problems.Add($"Inventory.IdempotencyRetention: must be positive, was {IdempotencyRetention}");
        if (CartHoldTimeToLive <= Duration.Zero)
            problems.Add($"Inventory.CartHoldTimeToLive: must be positive, was {CartHoldTimeToLive}");
        if (SnapshotEvery < 0) problems.Add($"Inventory.SnapshotEvery: must not be negative, was {SnapshotEvery}");
        if (ExpectedHolds < 0) problems.Add($"Inventory.ExpectedHolds: must not be negative, was {ExpectedHolds}");
        if (ExpectedHolds > MaxExpectedHolds)
            problems.Add(FormattableString.Invariant($"Inventory.ExpectedHolds: must be at most {MaxExpectedHolds}, was {ExpectedHolds}"));
        if (AvailabilityCoalescingWindow < Duration.Zero)
            problems.Add($"Inventory.AvailabilityCoalescingWindow: must not be negative, was {AvailabilityCoalescingWindow}");
        var channels = new HashSet<ChannelId>();
        foreach (var channel in Channels)
        {
            if (channel.Channel.Value is not null && !channels.Add(channel.Channel))
                problems.Add($"Inventory.Channels: {channel.Channel} appears twice");
            channel.Validate(problems, known);
        }
    }
}
