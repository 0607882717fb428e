using System.Reactive.Subjects;
using NodaTime;
using OrderRouting.Inventory.Ledger;

namespace OrderRouting.Inventory.Availability;

/// <summary>
/// Computes channel availability from the ledger's cells and remembers what it last published, so that only real
/// changes go out. The ledger marks SKUs dirty as entries change their cells; <see cref="Collect"/> (under the
/// ledger's lock) turns every dirty SKU into at most one change per channel: changes are coalesced per SKU over
/// the window between two collections.
/// </summary>
internal sealed class ChannelAvailabilityFeed(IReadOnlyList<ChannelDefinition> channels) : IDisposable
{
    private readonly Dictionary<(ChannelId, Sku), int> _published = [];
    private readonly Subject<ChannelAvailabilityChanged> _changes = new();

    public IReadOnlyList<ChannelDefinition> Channels => channels;

    public IObservable<ChannelAvailabilityChanged> Changes => _changes;

    public static int Compute(ChannelDefinition channel, Sku sku, LedgerState state)
    {
        long sum = 0;
        var locations = channel.Locations; // indexed, not foreach: no boxed enumerator on the read path
        for (var i = 0; i < locations.Count; i++)
            if (state.FindCell(locations[i], sku) is { } cell) sum += cell.Sellable;
        return channel.Apply(sum);
    }

    /// <summary>Drains the dirty SKUs into changes. Call under the ledger's lock.</summary>
    public List<ChannelAvailabilityChanged>? Collect(LedgerState state, Instant now)
    {
        var dirty = state.DirtySkus!;
        if (dirty.Count == 0) return null;
        List<ChannelAvailabilityChanged>? changes = null;
        foreach (var sku in dirty)
        {
            foreach (var channel in channels)
            {
                var available = Compute(channel, sku, state);
                var previous = _published.GetValueOrDefault((channel.Channel, sku));
                if (available == previous) continue;
                _published[(channel.Channel, sku)] = available;
                (changes ??= []).Add(new ChannelAvailabilityChanged(channel.Channel, sku, previous, available, now));
            }
        }
        dirty.Clear();
        return changes;
    }

    /// <summary>Publishes collected changes; the caller serialises calls.</summary>
    public void Publish(List<ChannelAvailabilityChanged>? changes)
    {
        if (changes is null) return;
        foreach (var change in changes) _changes.OnNext(change);
    }

    public void Dispose()
    {
        _changes.OnCompleted();
        _changes.Dispose();
    }
}
