using System.Collections.Concurrent;
using NodaTime;
using OrderRouting.Inventory.Storage;

namespace OrderRouting.Inventory.Ledger;

/// <summary>What the ledger remembers about an accepted command's idempotency key.</summary>
/// <remarks>The hold is kept as its text (<see cref="Hold"/> makes the id): a day of keys is kept in memory, and the
/// id's cached hash would make each record 8 bytes larger.</remarks>
internal readonly record struct IdempotencyRecord(string? HoldText, long Fingerprint, Instant RecordedAt, int Quantity, object? Detail)
{
    public HoldId Hold => HoldText is null ? default : HoldId.Of(HoldText);
}

/// <summary>
/// What the ledger remembers of a resolved hold until the retention window forgets it: the facts queries, refusals and
/// snapshots show. A value kept in a table, not an object: a day of resolved holds is kept, and the hold's record (its
/// lines) goes back to the pool as soon as the hold resolves.
/// </summary>
internal readonly record struct ResolvedHold(HoldKind Kind, HoldState State, Instant CreatedAt, long CreatedSequence, Instant ExpiresAt,
    Instant ResolvedAt, int Committed)
{
    public HoldInfo ToInfo(HoldId id) => new(id, Kind, State, CreatedAt, ExpiresAt, [], Committed);

    public HoldSnapshot ToSnapshot(HoldId id) => new(id, Kind, State, CreatedAt, CreatedSequence, ExpiresAt, ResolvedAt, [], Committed);
}

/// <summary>
/// The ledger's state as a fold of its entries: cells, holds, idempotency records. <see cref="Apply"/> is the only
/// code that changes balances, and it is the same code for live commands and for replay, so a replay of the entry
/// log rebuilds exactly what the live ledger computed. Not thread-safe: the ledger's critical section owns it.
/// </summary>
/// <param name="retention">How long keys and resolved holds are remembered.</param>
/// <param name="expectedHolds">How many holds the tables are sized for at the start (<see cref="InventoryOptions.ExpectedHolds"/>);
/// each hold has about two keys (reserve, then commit or release).</param>
internal sealed class LedgerState(Duration retention, int expectedHolds = 0)
{
    /// <summary>Cells by (location, SKU). Concurrent so that <c>GetSellable</c> reads without the lock.</summary>
    public readonly ConcurrentDictionary<CellKey, Cell> Cells = new();
    /// <summary>The open holds.</summary>
    public readonly Dictionary<HoldId, HoldRecord> Holds = new(expectedHolds);
    /// <summary>The holds resolved within the retention window.</summary>
    public readonly Dictionary<HoldId, ResolvedHold> Resolved = new(expectedHolds);
    public readonly Dictionary<string, IdempotencyRecord> Keys = new(2 * expectedHolds, StringComparer.Ordinal);
    public readonly PriorityQueue<(HoldRecord Hold, int Generation), Instant> Expiries = new(expectedHolds);
    private readonly Queue<(HoldId Hold, Instant ResolvedAt)> _resolved = new(expectedHolds);
    private readonly Queue<(string Key, Instant At)> _keyOrder = new(2 * expectedHolds);
    private readonly Stack<HoldRecord> _pool = new();

    /// <summary>SKUs whose balances changed since the availability feed last looked; null when no channel is configured.</summary>
    public HashSet<Sku>? DirtySkus;

    public long LastSequence;
    public Instant LastNow = Instant.MinValue;
    public Duration Retention => retention;

    public Cell? FindCell(LocationId location, Sku sku) => Cells.TryGetValue(new CellKey(location, sku), out var cell) ? cell : null;

    public Cell GetOrAddCell(LocationId location, Sku sku)
    {
        var key = new CellKey(location, sku);
        if (Cells.TryGetValue(key, out var cell)) return cell;
        cell = new Cell(location, sku);
        Cells[key] = cell;
        return cell;
    }

    /// <summary>Forgets idempotency keys and resolved holds older than the retention window.</summary>
    public void Sweep(Instant now)
    {
        while (_keyOrder.TryPeek(out var key) && key.At + retention <= now)
        {
            _keyOrder.Dequeue();
            Keys.Remove(key.Key);
        }
        while (_resolved.TryPeek(out var item))
        {
            var current = IsCurrent(item, out _);
            if (current && item.ResolvedAt + retention > now) break;
            _resolved.Dequeue();
            if (current) Resolved.Remove(item.Hold);
        }
    }

    /// <summary>The open hold whose expiry is due at <paramref name="now"/>, if any, removed from the expiry queue.</summary>
    public HoldRecord? NextDue(Instant now)
    {
        while (Expiries.TryPeek(out var item, out var at) && at <= now)
        {
            Expiries.Dequeue();
            if (item.Generation == item.Hold.Generation && item.Hold.ExpiresAt == at) return item.Hold;
        }
        return null;
    }

    /// <summary>Records an accepted command's key.</summary>
    public void RecordKey(string key, HoldId hold, long fingerprint, Instant at, int quantity, object? detail = null) =>
        RecordKey(key, hold.Value, fingerprint, at, quantity, detail);

    /// <summary>Records an accepted command's key, its hold given as text (as entries keep it).</summary>
    public void RecordKey(string key, string? holdText, long fingerprint, Instant at, int quantity, object? detail = null)
    {
        Keys[key] = new IdempotencyRecord(holdText, fingerprint, at, quantity, detail);
        _keyOrder.Enqueue((key, at));
    }

    /// <summary>Replays one stored entry: forgets what the live ledger had forgotten by then, then applies it.</summary>
    public void Replay(in LedgerEntry entry)
    {
        Sweep(entry.At);
        var cell = entry.Kind == LedgerEntryKind.Conversion ? null : GetOrAddCell(entry.Location, entry.Sku);
        var id = entry.Hold; // made from the entry's text on each read: once
        var hold = id.Value is null ? null : Holds.GetValueOrDefault(id);
        var recordKey = entry.IdempotencyKey is not null && !Keys.ContainsKey(entry.IdempotencyKey);
        Apply(in entry, cell, hold, recordKey);
    }

    /// <summary>
    /// Applies one entry. <paramref name="cell"/> and <paramref name="hold"/> are the entry's cell and hold, already
    /// looked up by the caller (null where the entry has none, or for the first line of a new hold).
    /// Returns the hold the entry concerned, so that the next line of the same command need not look it up.
    /// <paramref name="lines"/> is how many entries the command wrote: a new hold gets room for that many lines.
    /// </summary>
    public HoldRecord? Apply(in LedgerEntry e, Cell? cell, HoldRecord? hold, bool recordKey, int lines = 1)
    {
        var q = e.Quantity;
        switch (e.Kind)
        {
            case LedgerEntryKind.Receipt:
            case LedgerEntryKind.Restock:
            case LedgerEntryKind.Adjustment:
                cell!.OnHand += q;
                break;
            case LedgerEntryKind.SafetyStock:
                cell!.SafetyStock = q;
                break;
            case LedgerEntryKind.Reservation:
            case LedgerEntryKind.CartReservation:
                if (hold is null)
                {
                    hold = Open(e.Hold, e.Kind == LedgerEntryKind.CartReservation ? HoldKind.Cart : HoldKind.Order, e.At, e.Sequence, e.ExpiresAt, lines);
                }
                hold.Add(cell!, q);
                cell!.Reserved += q;
                break;
            case LedgerEntryKind.Commit:
                hold!.Take(cell!, q);
                hold.Committed += q;
                cell!.OnHand -= q;
                cell.Reserved -= q;
                if (hold.Remaining == 0) hold = Resolve(hold, HoldState.Committed, e.At);
                break;
            case LedgerEntryKind.Release:
            case LedgerEntryKind.Expiry:
                hold!.Take(cell!, q);
                cell!.Reserved -= q;
                if (hold.Remaining == 0)
                {
                    var state = e.Kind == LedgerEntryKind.Expiry ? HoldState.Expired
                        : hold.Committed > 0 ? HoldState.Committed : HoldState.Released;
                    hold = Resolve(hold, state, e.At);
                }
                break;
            case LedgerEntryKind.Conversion:
                var order = Open(e.RelatedHold, HoldKind.Order, hold!.CreatedAt, hold.CreatedSequence, e.ExpiresAt, hold.LineCount);
                for (var i = 0; i < hold.LineCount; i++)
                {
                    if (hold.Lines[i].Held > 0) order.Add(hold.Lines[i].Cell, hold.Lines[i].Held);
                    hold.Lines[i].Held = 0;
                }
                hold.Remaining = 0;
                hold = Resolve(hold, HoldState.Converted, e.At);
                break;
            default:
                throw new InvalidOperationException($"Unknown ledger entry kind {e.Kind} at sequence {e.Sequence}.");
        }

        if (cell is not null)
        {
            cell.Publish();
            DirtySkus?.Add(cell.Sku);
        }
        if (recordKey)
            RecordKey(e.IdempotencyKey!, e.Kind == LedgerEntryKind.Conversion ? e.RelatedHoldText : e.HoldText, e.Fingerprint, e.At, e.Quantity);
        LastSequence = e.Sequence;
        if (e.At > LastNow) LastNow = e.At;
        return hold;
    }

    private HoldRecord Open(HoldId id, HoldKind kind, Instant createdAt, long sequence, Instant expiresAt, int lines)
    {
        var hold = _pool.TryPop(out var pooled) ? pooled : new HoldRecord();
        hold.Reset(id, kind, createdAt, sequence, expiresAt, lines);
        Holds[id] = hold;
        Expiries.Enqueue((hold, hold.Generation), expiresAt);
        return hold;
    }

    /// <summary>Remembers the hold as resolved and returns its record to the pool (its expiry-queue item becomes stale);
    /// returns null, for <see cref="Apply"/>: no later entry of the command concerns a resolved hold.</summary>
    private HoldRecord? Resolve(HoldRecord hold, HoldState state, Instant at)
    {
        Remember(hold.Id, new ResolvedHold(hold.Kind, state, hold.CreatedAt, hold.CreatedSequence, hold.ExpiresAt, at, hold.Committed));
        Holds.Remove(hold.Id);
        hold.Generation++;
        _pool.Push(hold);
        return null;
    }

    private void Remember(HoldId id, ResolvedHold resolved)
    {
        Resolved[id] = resolved;
        _resolved.Enqueue((id, resolved.ResolvedAt));
    }

    /// <summary>Whether a resolved-queue item is still its hold's resolution; it is stale when the hold was forgotten and
    /// its id used again since (another resolution time).</summary>
    private bool IsCurrent((HoldId Hold, Instant ResolvedAt) item, out ResolvedHold resolved) =>
        Resolved.TryGetValue(item.Hold, out resolved) && resolved.ResolvedAt == item.ResolvedAt;

    /// <summary>Captures the state for a snapshot (allocates; O(cells + holds + keys)).</summary>
    public LedgerSnapshot ToSnapshot()
    {
        var cells = new List<StockBalance>(Cells.Count);
        foreach (var cell in Cells.Values) cells.Add(cell.ToBalance());
        cells.Sort((a, b) => a.Location.CompareTo(b.Location) is var c && c != 0 ? c : a.Sku.CompareTo(b.Sku));

        var holds = new List<HoldSnapshot>(Holds.Count + Resolved.Count);
        foreach (var hold in Holds.Values) holds.Add(ToSnapshot(hold));
        holds.Sort((a, b) => a.CreatedSequence.CompareTo(b.CreatedSequence));
        foreach (var item in _resolved)
            if (IsCurrent(item, out var resolved)) holds.Add(resolved.ToSnapshot(item.Hold));

        var keys = new List<IdempotencySnapshot>(_keyOrder.Count);
        foreach (var (key, _) in _keyOrder)
        {
            var r = Keys[key];
            keys.Add(new IdempotencySnapshot(key, r.Hold, r.Fingerprint, r.RecordedAt, r.Quantity));
        }
        return new LedgerSnapshot(LastSequence, LastNow, cells, holds, keys);
    }

    private static HoldSnapshot ToSnapshot(HoldRecord hold)
    {
        var lines = new List<LedgerLine>(hold.LineCount);
        for (var i = 0; i < hold.LineCount; i++)
            lines.Add(new LedgerLine(hold.Lines[i].Cell.Location, hold.Lines[i].Cell.Sku, hold.Lines[i].Held));
        return new HoldSnapshot(hold.Id, hold.Kind, HoldState.Open, hold.CreatedAt, hold.CreatedSequence, hold.ExpiresAt, default, lines, hold.Committed);
    }

    /// <summary>Loads a snapshot into this (empty) state.</summary>
    public void Restore(LedgerSnapshot snapshot)
    {
        foreach (var b in snapshot.Cells)
        {
            var cell = GetOrAddCell(b.Location, b.Sku);
            cell.OnHand = b.OnHand;
            cell.Reserved = b.Reserved;
            cell.SafetyStock = b.SafetyStock;
            cell.Publish();
        }
        foreach (var h in snapshot.Holds)
        {
            if (h.State != HoldState.Open)
            {
                // A resolved hold holds nothing: its lines, if an older snapshot lists them, are all zero.
                Remember(h.Hold, new ResolvedHold(h.Kind, h.State, h.CreatedAt, h.CreatedSequence, h.ExpiresAt, h.ResolvedAt, h.CommittedUnits));
                continue;
            }
            var hold = Open(h.Hold, h.Kind, h.CreatedAt, h.CreatedSequence, h.ExpiresAt, h.Lines.Count);
            foreach (var line in h.Lines) hold.Add(GetOrAddCell(line.Location, line.Sku), line.Quantity);
            hold.Committed = h.CommittedUnits;
        }
        foreach (var k in snapshot.IdempotencyKeys) RecordKey(k.Key, k.Hold, k.Fingerprint, k.RecordedAt, k.Quantity);
        LastSequence = snapshot.Sequence;
        LastNow = snapshot.At;
    }
}
