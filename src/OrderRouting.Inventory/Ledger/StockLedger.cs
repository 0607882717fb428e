using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using NodaTime;
using OrderRouting.Hosting;
using OrderRouting.Inventory.Availability;
using OrderRouting.Inventory.Reconciliation;
using OrderRouting.Inventory.Storage;
using OrderRouting.Ports;

namespace OrderRouting.Inventory.Ledger;

/// <summary>
/// The allocation ledger: the source of truth for stock per (location, SKU). Every change is an entry appended to
/// an <see cref="ILedgerStore"/>; balances, holds and idempotency records are a fold of those entries, rebuilt by
/// replay (from the latest snapshot) when the ledger is created on a store that has data.
/// </summary>
/// <remarks>
/// <para><b>Never oversells.</b> A reserve is accepted only if every line fits in the sellable units of its
/// (location, SKU) — on hand less reserved less safety stock — and all lines are held together or none is.
/// Only a count or an adjustment can leave less on hand than reserved; the ledger then reports which holds are
/// short (<see cref="ReconciliationResult.ShortHolds"/>) and refuses new reserves there.</para>
/// <para><b>Results are data.</b> Every command returns a <see cref="LedgerResult"/> (or the port's
/// <see cref="LedgerOutcome"/>); a refused command changes nothing. Only a null command object or a disposed
/// ledger throws.</para>
/// <para><b>Thread-safety and design.</b> All commands are safe to call from any thread; reads of sellable units
/// take no lock. See the comment on the lock field for why it is one short critical section.</para>
/// </remarks>
public sealed partial class StockLedger : IStockReservations, IDisposable
{
    // Concurrency design: ONE short critical section for every command, rather than ordered per-stripe locks.
    // - A multi-line, multi-location reserve must be all-or-nothing. With striped locks it would take every stripe it
    //   touches in a global order; with one lock it is simply atomic, and nothing can deadlock.
    // - The idempotency table, the hold table, the entry sequence and the store's append order are global anyway:
    //   striping the cells would only move the contention to them (or need a second, ordered protocol for each).
    // - One lock gives one total order of entries, which is exactly what makes replay deterministic.
    // - The section is short (no allocation, no I/O unless the store does it, a handful of dictionary lookups), so
    //   under contention a waiter spins briefly inside System.Threading.Lock rather than sleeping. This is the LMAX
    //   single-writer idea: a fast sequential core beats parallel cores fighting over shared state.
    // - Readers of sellable units (routing, availability) never take it: each cell republishes its sellable units
    //   with a volatile write after every change, and cells are found in a ConcurrentDictionary.
    private readonly Lock _lock = new();
    private readonly Lock _publishGate = new();
    private readonly LedgerState _state;
    private readonly IClock _clock;
    private readonly ILedgerStore? _store; // null: the host gave none, and entries nobody can read back are not kept
    private readonly IShortHoldPolicy _shortHoldPolicy;
    private readonly IScheduler _scheduler;
    private readonly HashSet<LocationId> _locations;
    private readonly Duration _cartTimeToLive;
    private readonly TimeSpan _coalescingWindow;
    private readonly int _snapshotEvery;
    private readonly ChannelAvailabilityFeed _feed;
    private readonly ISubject<StockArrived> _arrivals;
    private readonly Subject<StockArrived> _arrivalsSubject = new();
    private LedgerEntry[] _batch = new LedgerEntry[8];
    private Cell?[] _cells = new Cell?[8];
    private long _lastSnapshotSequence;
    private bool _feedScheduled;
    private bool _disposed;

    /// <summary>The longest time to live a hold may have.</summary>
    public static readonly Duration MaxTimeToLive = Duration.FromDays(3650);

    /// <summary>
    /// Creates the ledger. When <paramref name="store"/> holds a snapshot or entries, the ledger is rebuilt from them
    /// (latest snapshot, then every later entry).
    /// </summary>
    /// <param name="options">Locations, retention, channels; validated as a whole.</param>
    /// <param name="clock">The source of time for expiries and retention.</param>
    /// <param name="store">Where entries go. When null, entries are applied and not kept: nothing could read them back,
    /// so keeping them would only hold memory (about 600 bytes per order of a busy day). Pass an
    /// <see cref="InMemoryLedgerStore"/> to keep them in memory (to rebuild another ledger from them in this process), or a
    /// durable store so that a restart loses nothing.</param>
    /// <param name="shortHoldPolicy">Which holds a shortfall falls on first; <see cref="NewestFirstShortHoldPolicy"/> when null.</param>
    /// <param name="scheduler">Where coalesced availability changes are published; <see cref="DefaultScheduler.Instance"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="clock"/> is null.</exception>
    /// <exception cref="OrderRoutingConfigurationException">The options have problems, or the store holds a location the options do not name.</exception>
    public StockLedger(InventoryOptions options, IClock clock, ILedgerStore? store = null, IShortHoldPolicy? shortHoldPolicy = null,
        IScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var problems = new List<string>();
        options.Validate(problems);
        if (problems.Count > 0) throw new OrderRoutingConfigurationException(problems);

        _clock = clock;
        _store = store;
        _shortHoldPolicy = shortHoldPolicy ?? new NewestFirstShortHoldPolicy();
        _scheduler = scheduler ?? DefaultScheduler.Instance;
        _locations = [.. options.Locations];
        _cartTimeToLive = options.CartHoldTimeToLive;
        _coalescingWindow = options.AvailabilityCoalescingWindow.ToTimeSpan();
        _snapshotEvery = options.SnapshotEvery;
        _feed = new ChannelAvailabilityFeed([.. options.Channels]);
        _arrivals = Subject.Synchronize(_arrivalsSubject);
        _state = new LedgerState(options.IdempotencyRetention, options.ExpectedHolds);

        if (_store is not null)
        {
            if (_store.LoadSnapshot() is { } snapshot) _state.Restore(snapshot);
            foreach (var entry in _store.ReadAfter(_state.LastSequence)) _state.Replay(in entry);
        }
        _lastSnapshotSequence = _state.LastSequence;
        foreach (var cell in _state.Cells.Values)
            if (!_locations.Contains(cell.Location)) problems.Add($"Inventory.Locations: the store holds stock at {cell.Location}, which is not configured");
        if (problems.Count > 0) throw new OrderRoutingConfigurationException(problems.Distinct().ToList());
        if (_feed.Channels.Count > 0) _state.DirtySkus = [];
    }

    /// <summary>The sales channels whose availability the ledger computes (<see cref="InventoryOptions.Channels"/>).</summary>
    public IReadOnlyList<ChannelDefinition> Channels => _feed.Channels;

    /// <inheritdoc />
    public IObservable<StockArrived> Arrivals => _arrivals;

    /// <summary>
    /// Changes of what each configured channel may sell, coalesced per SKU over
    /// <see cref="InventoryOptions.AvailabilityCoalescingWindow"/>: only real changes, at most one per channel and SKU
    /// per window, with the latest value. Never null; completes when the ledger is disposed. Calls are serialised.
    /// </summary>
    public IObservable<ChannelAvailabilityChanged> AvailabilityChanges => _feed.Changes;

    /// <summary>The sequence number of the last entry (0 for an empty ledger).</summary>
    public long LastSequence
    {
        get { using (_lock.EnterScope()) return _state.LastSequence; }
    }

    // ---------------------------------------------------------------- the critical section's building blocks

    /// <summary>Reads the clock, refuses one that went backwards, forgets what the retention window lets go and
    /// expires holds that are due. Call under the lock.</summary>
    private bool Begin(out Instant now, out LedgerResult refusal)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        now = _clock.GetCurrentInstant();
        if (now < _state.LastNow)
        {
            refusal = LedgerResult.Refused(LedgerStatus.ClockWentBackwards, default,
                $"The clock reads {now}, earlier than {_state.LastNow}, which the ledger has already recorded; nothing was done.");
            return false;
        }
        _state.LastNow = now;
        _state.Sweep(now);
        ExpireDueCore(now);
        refusal = default;
        return true;
    }

    private int ExpireDueCore(Instant now)
    {
        var expired = 0;
        while (_state.NextDue(now) is { } hold)
        {
            var n = 0;
            EnsureCapacity(hold.LineCount);
            for (var i = 0; i < hold.LineCount; i++)
            {
                ref readonly var line = ref hold.Lines[i];
                if (line.Held == 0) continue;
                _cells[n] = line.Cell;
                _batch[n] = new LedgerEntry(_state.LastSequence + n + 1, now, LedgerEntryKind.Expiry, line.Cell.Location, line.Cell.Sku,
                    line.Held, hold.Id);
                n++;
            }
            var generation = hold.Generation;
            try
            {
                Write(n, hold);
            }
            catch
            {
                // The store refused the entries: the hold stays open, so it must stay due. (If the entries were applied
                // and the snapshot after them failed, the hold expired and its record is back in the pool: not due.)
                if (hold.Generation == generation) _state.Expiries.Enqueue((hold, generation), hold.ExpiresAt);
                ClearCells(n);
                throw;
            }
            expired++;
        }
        return expired;
    }

    /// <summary>The stored outcome when <paramref name="key"/> was used by an accepted command.</summary>
    private bool IsRepeat(string key, long fingerprint, HoldId hold, out LedgerResult result)
    {
        if (!_state.Keys.TryGetValue(key, out var record))
        {
            result = default;
            return false;
        }
        result = record.Fingerprint == fingerprint
            ? LedgerResult.Replayed(record.Hold)
            : LedgerResult.Refused(LedgerStatus.IdempotencyConflict, hold,
                $"The idempotency key \"{key}\" was used at {record.RecordedAt} for a different command; nothing was done.");
        return true;
    }

    /// <summary>Appends <paramref name="count"/> entries of <see cref="_batch"/> to the store, then applies them.</summary>
    private void Write(int count, HoldRecord? hold)
    {
        if (count == 0) return;
        _store?.Append(new ReadOnlySpan<LedgerEntry>(_batch, 0, count));
        for (var i = 0; i < count; i++)
        {
            ref readonly var entry = ref _batch[i];
            var cell = _cells[i] ?? (entry.Kind == LedgerEntryKind.Conversion ? null : _state.GetOrAddCell(entry.Location, entry.Sku));
            hold = _state.Apply(in entry, cell, hold, recordKey: i == 0 && entry.IdempotencyKey is not null, lines: count);
            _cells[i] = null;
        }
        if (_store is not null && _snapshotEvery > 0 && _state.LastSequence - _lastSnapshotSequence >= _snapshotEvery) SaveSnapshotCore();
        if (_state.DirtySkus is { Count: > 0 } && !_feedScheduled)
        {
            _feedScheduled = true;
            _scheduler.Schedule(_coalescingWindow, PublishAvailability);
        }
    }

    private LedgerSnapshot SaveSnapshotCore()
    {
        var snapshot = _state.ToSnapshot();
        _store?.SaveSnapshot(snapshot);
        _lastSnapshotSequence = snapshot.Sequence;
        return snapshot;
    }

    private void EnsureCapacity(int lines)
    {
        if (_batch.Length >= lines * 2) return;
        var size = Math.Max(lines * 2, _batch.Length * 2);
        Array.Resize(ref _batch, size);
        Array.Resize(ref _cells, size);
    }

    private long SequenceAt(int index) => _state.LastSequence + index + 1;

    // ---------------------------------------------------------------- input checks (outside the lock: pure)

    private static bool IsBadKey(string? key, HoldId hold, out LedgerResult refusal)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            refusal = LedgerResult.Refused(LedgerStatus.InvalidRequest, hold, "An idempotency key is required.");
            return true;
        }
        refusal = default;
        return false;
    }

    private static bool IsBadHold(HoldId hold, out LedgerResult refusal)
    {
        if (hold.Value is null)
        {
            refusal = LedgerResult.Refused(LedgerStatus.InvalidRequest, hold, "A hold id is required.");
            return true;
        }
        refusal = default;
        return false;
    }

    private static bool IsBadTimeToLive(Duration timeToLive, HoldId hold, out LedgerResult refusal)
    {
        if (timeToLive <= Duration.Zero || timeToLive > MaxTimeToLive)
        {
            refusal = LedgerResult.Refused(LedgerStatus.InvalidRequest, hold,
                $"The time to live must be positive and at most {MaxTimeToLive.Days} days, was {timeToLive}.");
            return true;
        }
        refusal = default;
        return false;
    }

    /// <summary>Checks one line; <paramref name="index"/> is its 0-based position, or -1 for a command's only line.
    /// The message is built only on failure, so that an accepted command allocates nothing.</summary>
    private static bool IsBadLine(in LedgerLine line, int index, HoldId hold, bool allowZero, out LedgerResult refusal)
    {
        if (line.Location.Value is not null && line.Sku.Value is not null && (line.Quantity > 0 || (line.Quantity == 0 && allowZero)))
        {
            refusal = default;
            return false;
        }
        var what = index < 0 ? "The line" : $"Line {index + 1}";
        string? problem = null;
        if (line.Location.Value is null) problem = $"{what} names no location.";
        else if (line.Sku.Value is null) problem = $"{what} names no SKU.";
        else if (line.Quantity < 0 || (line.Quantity == 0 && !allowZero))
            problem = $"{what} ({line.Location}/{line.Sku}): the quantity must be at least {(allowZero ? 0 : 1)}, was {line.Quantity}.";
        refusal = problem is null ? default : LedgerResult.Refused(LedgerStatus.InvalidRequest, hold, problem);
        return problem is not null;
    }

    private static bool AreBadLines(ReadOnlySpan<LedgerLine> lines, string command, HoldId hold, out LedgerResult refusal)
    {
        if (lines.IsEmpty)
        {
            refusal = LedgerResult.Refused(LedgerStatus.InvalidRequest, hold, $"A {command} needs at least one line.");
            return true;
        }
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsBadLine(in lines[i], i, hold, false, out refusal)) return true;
            for (var j = 0; j < i; j++)
            {
                if (lines[j].Location.Equals(lines[i].Location) && lines[j].Sku.Equals(lines[i].Sku))
                {
                    refusal = LedgerResult.Refused(LedgerStatus.InvalidRequest, hold,
                        $"Line {i + 1} repeats {lines[i].Location}/{lines[i].Sku} of line {j + 1}; name each (location, SKU) once.");
                    return true;
                }
            }
        }
        refusal = default;
        return false;
    }

    private static long Fingerprint(CommandKind kind, HoldId hold, ReadOnlySpan<LedgerLine> lines, long extra)
    {
        var fingerprint = new Fingerprint(kind);
        fingerprint.Add(hold.Value);
        fingerprint.Add(extra);
        fingerprint.Add(lines.Length);
        foreach (ref readonly var line in lines) fingerprint.Add(in line);
        return fingerprint.Value;
    }

    // ---------------------------------------------------------------- lookups under the lock

    /// <summary>Finds each line's cell into <see cref="_cells"/>; refuses unknown locations and SKUs.</summary>
    private bool FindCells(ReadOnlySpan<LedgerLine> lines, HoldId hold, out LedgerResult refusal)
    {
        EnsureCapacity(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            ref readonly var line = ref lines[i];
            var cell = _state.FindCell(line.Location, line.Sku);
            if (cell is null)
            {
                for (var j = 0; j < i; j++) _cells[j] = null;
                refusal = _locations.Contains(line.Location)
                    ? LedgerResult.Refused(LedgerStatus.UnknownSku, hold, $"The ledger knows no SKU {line.Sku} at {line.Location}; nothing was done.")
                    : LedgerResult.Refused(LedgerStatus.UnknownLocation, hold, $"The ledger knows no location {line.Location}; nothing was done.");
                return false;
            }
            _cells[i] = cell;
        }
        refusal = default;
        return true;
    }

    private void ClearCells(int count) => Array.Clear(_cells, 0, count);

    /// <summary>The open hold <paramref name="hold"/>; refuses unknown, expired and resolved holds.</summary>
    private bool FindOpenHold(HoldId hold, out HoldRecord record, out LedgerResult refusal)
    {
        if (_state.Holds.TryGetValue(hold, out record!))
        {
            refusal = default;
            return true;
        }
        if (!_state.Resolved.TryGetValue(hold, out var resolved))
        {
            refusal = LedgerResult.Refused(LedgerStatus.UnknownHold, hold,
                $"The ledger knows no hold {hold} (never reserved, or resolved longer ago than the retention window); nothing was done.");
            return false;
        }
        refusal = resolved.State switch
        {
            HoldState.Expired => LedgerResult.Refused(LedgerStatus.Expired, hold,
                $"Hold {hold} expired at {resolved.ExpiresAt}; its units were released. Nothing was done."),
            HoldState.Converted => LedgerResult.Refused(LedgerStatus.AlreadyResolved, hold,
                $"Cart hold {hold} was converted into an order hold at {resolved.ResolvedAt}; use the order hold. Nothing was done."),
            _ => LedgerResult.Refused(LedgerStatus.AlreadyResolved, hold,
                $"Hold {hold} was already resolved ({resolved.State.ToString().ToLowerInvariant()}) at {resolved.ResolvedAt}; a hold resolves once. Nothing was done."),
        };
        return false;
    }

    // ---------------------------------------------------------------- disposal

    /// <summary>Completes <see cref="Arrivals"/> and <see cref="AvailabilityChanges"/>; later commands throw
    /// <see cref="ObjectDisposedException"/>. Idempotent.</summary>
    public void Dispose()
    {
        using (_lock.EnterScope())
        {
            if (_disposed) return;
            _disposed = true;
        }
        _arrivals.OnCompleted();
        _arrivalsSubject.Dispose();
        using (_publishGate.EnterScope()) _feed.Dispose();
    }
}
