using OrderRouting.Inventory.Availability;
using OrderRouting.Inventory.Storage;

namespace OrderRouting.Inventory.Ledger;

// Reads, snapshots and housekeeping.
public sealed partial class StockLedger
{
    /// <summary>
    /// The units of <paramref name="sku"/> that may be promised from <paramref name="location"/> now: on hand less
    /// reserved less safety stock, never negative; zero for a location or SKU the ledger does not know.
    /// </summary>
    /// <remarks>Takes no lock and allocates nothing: each cell publishes its sellable units after every change.
    /// Holds that are due are released by the next command (or <see cref="ExpireDue"/>), so until then they still count.</remarks>
    public int GetSellable(LocationId location, Sku sku) => _state.FindCell(location, sku)?.Sellable ?? 0;

    /// <summary>The balances of one (location, SKU), consistent with each other (zero for one the ledger does not know).</summary>
    /// <remarks>Thread-safe; takes the ledger's lock briefly.</remarks>
    public StockBalance GetBalance(LocationId location, Sku sku)
    {
        using (_lock.EnterScope()) return BalanceOf(location, sku);
    }

    private StockBalance BalanceOf(LocationId location, Sku sku) =>
        _state.FindCell(location, sku)?.ToBalance() ?? new StockBalance(location, sku, 0, 0, 0);

    /// <summary>Every (location, SKU) the ledger knows, ordered by location then SKU, as one consistent picture.</summary>
    /// <remarks>Thread-safe; takes the ledger's lock for O(cells).</remarks>
    public IReadOnlyList<StockBalance> GetBalances()
    {
        using (_lock.EnterScope()) return _state.ToSnapshot().Cells;
    }

    /// <summary>A hold as the ledger sees it, or null when it never existed or was forgotten after the retention window.</summary>
    /// <remarks>Thread-safe.</remarks>
    public HoldInfo? GetHold(HoldId hold)
    {
        using (_lock.EnterScope())
            return _state.Holds.TryGetValue(hold, out var open) ? open.ToInfo()
                : _state.Resolved.TryGetValue(hold, out var resolved) ? resolved.ToInfo(hold)
                : null;
    }

    /// <summary>
    /// What <paramref name="channel"/> may sell of <paramref name="sku"/> now: sellable units over its locations, less
    /// its safety buffer, limited by its allocation. Takes no lock.
    /// </summary>
    /// <exception cref="ArgumentException">The channel is not configured.</exception>
    public int GetChannelAvailability(ChannelId channel, Sku sku)
    {
        var channels = _feed.Channels;
        for (var i = 0; i < channels.Count; i++)
            if (channels[i].Channel.Equals(channel)) return ChannelAvailabilityFeed.Compute(channels[i], sku, _state);
        throw new ArgumentException($"The channel {channel} is not configured (InventoryOptions.Channels).", nameof(channel));
    }

    /// <summary>Publishes the channel availability changes gathered so far now, instead of at the end of the
    /// coalescing window. Called by the ledger's scheduler; hosts and tests may call it too.</summary>
    /// <remarks>Thread-safe; changes are published one at a time, never concurrently.</remarks>
    public void PublishAvailability()
    {
        using (_publishGate.EnterScope())
        {
            List<ChannelAvailabilityChanged>? changes;
            using (_lock.EnterScope())
            {
                if (_disposed) return;
                _feedScheduled = false;
                changes = _state.DirtySkus is null ? null : _feed.Collect(_state, _state.LastNow);
            }
            _feed.Publish(changes);
        }
    }

    /// <summary>Expires every hold that is due now (commands do this too, before they run) and returns how many expired.</summary>
    /// <exception cref="InvalidOperationException">The clock reads earlier than an instant the ledger already recorded; nothing was done.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public int ExpireDue()
    {
        using (_lock.EnterScope())
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _clock.GetCurrentInstant();
            if (now < _state.LastNow)
                throw new InvalidOperationException($"The clock reads {now}, earlier than {_state.LastNow}, which the ledger has already recorded; nothing was expired.");
            _state.LastNow = now;
            _state.Sweep(now);
            return ExpireDueCore(now);
        }
    }

    /// <summary>Takes a snapshot of the whole state, saves it to the store if the ledger has one (which may then drop the entries it covers) and returns it.</summary>
    /// <remarks>Thread-safe; holds the ledger's lock for O(cells + holds + remembered keys).</remarks>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerSnapshot TakeSnapshot()
    {
        using (_lock.EnterScope())
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return SaveSnapshotCore();
        }
    }
}
