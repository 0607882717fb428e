namespace OrderRouting.Inventory.Availability;

/// <summary>
/// What a sales channel may sell, derived from the ledger: the sellable units of a SKU summed over the locations
/// that serve the channel, less <see cref="SafetyBuffer"/>, then limited by <see cref="AllocationPercent"/> and
/// <see cref="AllocationCap"/>. Never negative.
/// </summary>
/// <remarks>Configure at start-up; not thread-safe to change afterwards.</remarks>
public sealed class ChannelDefinition
{
    /// <summary>Creates a channel served by <paramref name="locations"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="locations"/> is null.</exception>
    public ChannelDefinition(ChannelId channel, IEnumerable<LocationId> locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        Channel = channel;
        Locations = [.. locations];
    }

    /// <summary>The channel.</summary>
    public ChannelId Channel { get; }

    /// <summary>The locations whose stock the channel may sell.</summary>
    public IReadOnlyList<LocationId> Locations { get; }

    /// <summary>Units per SKU held back from this channel (on top of each location's safety stock).</summary>
    /// <value>The default value is 0.</value>
    public int SafetyBuffer { get; set; }

    /// <summary>The share, in percent (0–100), of the remaining units the channel may sell, rounded down,
    /// e.g. 30 for a marketplace that gets at most 30 %.</summary>
    /// <value>The default value is 100.</value>
    public int AllocationPercent { get; set; } = 100;

    /// <summary>A fixed pool: the most units per SKU the channel may sell, or null for no cap.</summary>
    /// <value>The default value is <c>null</c>.</value>
    public int? AllocationCap { get; set; }

    /// <summary>The channel's availability given the summed sellable units of its locations.</summary>
    public int Apply(long sellable)
    {
        var available = Math.Max(0, sellable - SafetyBuffer);
        available = available * AllocationPercent / 100;
        if (AllocationCap is { } cap) available = Math.Min(available, cap);
        return (int)Math.Min(available, int.MaxValue);
    }

    internal void Validate(ICollection<string> problems, ISet<LocationId> known)
    {
        var name = $"Inventory.Channels[{Channel}]";
        if (Channel.Value is null) problems.Add("Inventory.Channels: a channel has no id");
        if (Locations.Count == 0) problems.Add($"{name}.Locations: must name at least one location");
        foreach (var location in Locations)
            if (!known.Contains(location)) problems.Add($"{name}.Locations: {location} is not one of Inventory.Locations");
        if (SafetyBuffer < 0) problems.Add($"{name}.SafetyBuffer: must not be negative, was {SafetyBuffer}");
        if (AllocationPercent is < 0 or > 100) problems.Add($"{name}.AllocationPercent: must be in [0, 100], was {AllocationPercent}");
        if (AllocationCap < 0) problems.Add($"{name}.AllocationCap: must not be negative, was {AllocationCap}");
    }
}

/// <summary>A channel's availability of a SKU changed.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Sku">The SKU.</param>
/// <param name="Previous">Units the channel could sell before (0 when never published).</param>
/// <param name="Available">Units the channel may sell now.</param>
/// <param name="At">When the ledger computed it.</param>
public sealed record ChannelAvailabilityChanged(ChannelId Channel, Sku Sku, int Previous, int Available, NodaTime.Instant At);

/// <summary>
/// Receives channel availability changes one at a time. <see cref="ChannelStockPublisher"/> is the built-in one (it
/// batches them into <see cref="Connectors.ISalesChannel.PublishStockAsync"/> calls); implement it for anything else
/// that follows availability, and subscribe it with <c>ledger.AvailabilityChanges.Subscribe(sink.OnAvailabilityChanged)</c>.
/// </summary>
public interface IChannelAvailabilitySink
{
    /// <summary>Receives one change; called from the feed's thread, one call at a time.</summary>
    void OnAvailabilityChanged(ChannelAvailabilityChanged change);
}
