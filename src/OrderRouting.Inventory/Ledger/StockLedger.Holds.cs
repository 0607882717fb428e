using NodaTime;
using OrderRouting.Ports;

namespace OrderRouting.Inventory.Ledger;

// Two-phase holds: reserve (order or cart), convert a cart hold, commit, release.
public sealed partial class StockLedger
{
    /// <summary>
    /// Holds stock for an order, atomically: every line is held, or none. Accepted only if each line fits in the
    /// sellable units of its (location, SKU). Allocates nothing when accepted.
    /// </summary>
    /// <param name="idempotencyKey">Identifies the command for retries, e.g. <c>web:1001:reserve:1</c>.</param>
    /// <param name="hold">The hold to create, chosen by the caller; must not exist yet.</param>
    /// <param name="lines">What to hold; each (location, SKU) at most once, quantities at least 1.</param>
    /// <param name="timeToLive">How long the hold lasts if neither committed nor released; then it expires exactly once.</param>
    /// <returns><see cref="LedgerStatus.Accepted"/>, or <see cref="LedgerStatus.InsufficientStock"/> with the shortages,
    /// or a refusal naming the bad input (<see cref="LedgerStatus.InvalidRequest"/>, <see cref="LedgerStatus.UnknownLocation"/>,
    /// <see cref="LedgerStatus.UnknownSku"/>, <see cref="LedgerStatus.DuplicateHold"/>, <see cref="LedgerStatus.IdempotencyConflict"/>,
    /// <see cref="LedgerStatus.ClockWentBackwards"/>). A refusal changes nothing.</returns>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    /// <remarks>Thread-safe.</remarks>
    public LedgerResult Reserve(string idempotencyKey, HoldId hold, ReadOnlySpan<LedgerLine> lines, Duration timeToLive) =>
        ReserveCore(CommandKind.Reserve, idempotencyKey, hold, lines, timeToLive);

    /// <summary>Holds one line for an order; see <see cref="Reserve(string, HoldId, ReadOnlySpan{LedgerLine}, Duration)"/>.</summary>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerResult Reserve(string idempotencyKey, HoldId hold, in LedgerLine line, Duration timeToLive) =>
        ReserveCore(CommandKind.Reserve, idempotencyKey, hold, new ReadOnlySpan<LedgerLine>(in line), timeToLive);

    /// <summary>
    /// Places a soft cart hold while a shopper checks out: like <see cref="Reserve(string, HoldId, ReadOnlySpan{LedgerLine}, Duration)"/>
    /// but marked as a cart hold, with <see cref="InventoryOptions.CartHoldTimeToLive"/> unless
    /// <paramref name="timeToLive"/> is given. Convert it with <see cref="ConvertCartHold"/> when the order is placed.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerResult ReserveCart(string idempotencyKey, HoldId cartHold, ReadOnlySpan<LedgerLine> lines, Duration? timeToLive = null) =>
        ReserveCore(CommandKind.ReserveCart, idempotencyKey, cartHold, lines, timeToLive ?? _cartTimeToLive);

    private LedgerResult ReserveCore(CommandKind kind, string key, HoldId hold, ReadOnlySpan<LedgerLine> lines, Duration timeToLive)
    {
        if (IsBadKey(key, hold, out var refusal) || IsBadHold(hold, out refusal) || IsBadTimeToLive(timeToLive, hold, out refusal) ||
            AreBadLines(lines, "reserve", hold, out refusal))
            return refusal;
        var fingerprint = Fingerprint(kind, hold, lines, timeToLive.BclCompatibleTicks);
        using (_lock.EnterScope())
        {
            if (!Begin(out var now, out refusal) || IsRepeat(key, fingerprint, hold, out refusal)) return refusal;
            if (_state.Holds.TryGetValue(hold, out var open))
                return DuplicateHold(hold, HoldState.Open, open.CreatedAt);
            if (_state.Resolved.TryGetValue(hold, out var resolved))
                return DuplicateHold(hold, resolved.State, resolved.CreatedAt);
            if (!FindCells(lines, hold, out refusal)) return refusal;

            List<StockLine>? shortages = null;
            for (var i = 0; i < lines.Length; i++)
            {
                var sellable = _cells[i]!.ComputeSellable();
                if (sellable < lines[i].Quantity)
                    (shortages ??= []).Add(new StockLine(lines[i].Location, lines[i].Sku, lines[i].Quantity - sellable));
            }
            if (shortages is not null)
            {
                ClearCells(lines.Length);
                return LedgerResult.Short(hold, shortages,
                    $"Not enough sellable stock for hold {hold}: short {string.Join(", ", shortages.Select(s => $"{s.Quantity} of {s.Sku} at {s.Location}"))}; nothing was held.");
            }

            var expiresAt = now + timeToLive;
            var entryKind = kind == CommandKind.ReserveCart ? LedgerEntryKind.CartReservation : LedgerEntryKind.Reservation;
            for (var i = 0; i < lines.Length; i++)
            {
                ref readonly var line = ref lines[i];
                _batch[i] = new LedgerEntry(SequenceAt(i), now, entryKind, line.Location, line.Sku, line.Quantity, hold, default, expiresAt,
                    key, fingerprint);
            }
            Write(lines.Length, null);
        }
        return LedgerResult.Accepted(hold);
    }

    /// <summary>
    /// Turns a cart hold into the order's hold when the order is placed, in one entry: every unit stays held, so there
    /// is no moment in which the stock is free. The cart hold resolves as <see cref="HoldState.Converted"/>.
    /// </summary>
    /// <param name="idempotencyKey">Identifies the command for retries.</param>
    /// <param name="cartHold">An open cart hold.</param>
    /// <param name="orderHold">The order hold to create; must not exist yet.</param>
    /// <param name="timeToLive">The order hold's time to live, from now.</param>
    /// <returns>Accepted with <paramref name="orderHold"/>, or a refusal (unknown, expired or resolved cart hold, an order
    /// hold given, an existing order hold id, bad input). A refusal changes nothing.</returns>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerResult ConvertCartHold(string idempotencyKey, HoldId cartHold, HoldId orderHold, Duration timeToLive)
    {
        if (IsBadKey(idempotencyKey, cartHold, out var refusal) || IsBadHold(cartHold, out refusal) || IsBadHold(orderHold, out refusal) ||
            IsBadTimeToLive(timeToLive, orderHold, out refusal))
            return refusal;
        if (cartHold.Equals(orderHold))
            return LedgerResult.Refused(LedgerStatus.InvalidRequest, cartHold, $"The order hold must differ from the cart hold {cartHold}.");
        var fingerprint = new Fingerprint(CommandKind.Convert);
        fingerprint.Add(cartHold.Value);
        fingerprint.Add(orderHold.Value);
        fingerprint.Add(timeToLive);
        using (_lock.EnterScope())
        {
            if (!Begin(out var now, out refusal) || IsRepeat(idempotencyKey, fingerprint.Value, orderHold, out refusal)) return refusal;
            if (!FindOpenHold(cartHold, out var cart, out refusal)) return refusal;
            if (cart.Kind != HoldKind.Cart)
                return LedgerResult.Refused(LedgerStatus.InvalidRequest, cartHold, $"Hold {cartHold} is an order hold, not a cart hold; nothing was done.");
            if (_state.Holds.ContainsKey(orderHold) || _state.Resolved.ContainsKey(orderHold))
                return LedgerResult.Refused(LedgerStatus.DuplicateHold, orderHold, $"Hold {orderHold} already exists; nothing was done.");
            _cells[0] = null;
            _batch[0] = new LedgerEntry(SequenceAt(0), now, LedgerEntryKind.Conversion, default, default, cart.Remaining, cartHold, orderHold,
                now + timeToLive, idempotencyKey, fingerprint.Value);
            Write(1, cart);
        }
        return LedgerResult.Accepted(orderHold);
    }

    /// <summary>
    /// Ships held units: they leave stock for good (on hand and reserved both shrink). With
    /// <paramref name="releaseRemainder"/> (the default) whatever the hold still has afterwards is released in the same
    /// step, and the hold resolves; otherwise the rest stays held.
    /// </summary>
    /// <param name="idempotencyKey">Identifies the command for retries.</param>
    /// <param name="hold">An open hold.</param>
    /// <param name="lines">The units shipped per (location, SKU); each at most what the hold still has there.</param>
    /// <param name="releaseRemainder">Release what the hold still has after this commit.</param>
    /// <returns>Accepted, or <see cref="LedgerStatus.UnknownHold"/>, <see cref="LedgerStatus.Expired"/>,
    /// <see cref="LedgerStatus.AlreadyResolved"/>, <see cref="LedgerStatus.ExceedsHold"/>, <see cref="LedgerStatus.InsufficientStock"/>
    /// (a count found fewer units on hand than the hold had), or another refusal. A refusal changes nothing.</returns>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    /// <remarks>Thread-safe; allocates nothing when accepted.</remarks>
    public LedgerResult Commit(string idempotencyKey, HoldId hold, ReadOnlySpan<LedgerLine> lines, bool releaseRemainder = true)
    {
        if (IsBadKey(idempotencyKey, hold, out var refusal) || IsBadHold(hold, out refusal) || AreBadLines(lines, "commit", hold, out refusal))
            return refusal;
        var fingerprint = Fingerprint(CommandKind.Commit, hold, lines, releaseRemainder ? 1 : 0);
        using (_lock.EnterScope())
        {
            if (!Begin(out var now, out refusal) || IsRepeat(idempotencyKey, fingerprint, hold, out refusal)) return refusal;
            if (!FindOpenHold(hold, out var record, out refusal) || !FindCells(lines, hold, out refusal) ||
                !FitsHold(record, lines, "commit", out refusal))
                return refusal;

            List<StockLine>? shortages = null;
            for (var i = 0; i < lines.Length; i++)
                if (_cells[i]!.OnHand < lines[i].Quantity)
                    (shortages ??= []).Add(new StockLine(lines[i].Location, lines[i].Sku, lines[i].Quantity - _cells[i]!.OnHand));
            if (shortages is not null)
            {
                ClearCells(lines.Length);
                return LedgerResult.Short(hold, shortages,
                    $"Hold {hold} is short: a count left fewer units on hand than it holds ({string.Join(", ", shortages.Select(s => $"{s.Quantity} of {s.Sku} at {s.Location}"))}); nothing was shipped.");
            }

            EnsureCapacity(lines.Length + record.LineCount);
            var n = 0;
            for (; n < lines.Length; n++)
                _batch[n] = new LedgerEntry(SequenceAt(n), now, LedgerEntryKind.Commit, lines[n].Location, lines[n].Sku, lines[n].Quantity, hold,
                    idempotencyKey: idempotencyKey, fingerprint: fingerprint);
            if (releaseRemainder)
            {
                for (var j = 0; j < record.LineCount; j++)
                {
                    var cell = record.Lines[j].Cell;
                    var remainder = record.Lines[j].Held - QuantityOf(cell, lines.Length, lines);
                    if (remainder <= 0) continue;
                    _cells[n] = cell;
                    _batch[n] = new LedgerEntry(SequenceAt(n), now, LedgerEntryKind.Release, cell.Location, cell.Sku, remainder, hold,
                        idempotencyKey: idempotencyKey, fingerprint: fingerprint);
                    n++;
                }
            }
            Write(n, record);
        }
        return LedgerResult.Accepted(hold);
    }

    /// <summary>Ships held units of one line; see <see cref="Commit(string, HoldId, ReadOnlySpan{LedgerLine}, bool)"/>.</summary>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerResult Commit(string idempotencyKey, HoldId hold, in LedgerLine line, bool releaseRemainder = true) =>
        Commit(idempotencyKey, hold, new ReadOnlySpan<LedgerLine>(in line), releaseRemainder);

    /// <summary>Releases part of a hold: the units become sellable again. The hold resolves when nothing is left.</summary>
    /// <param name="idempotencyKey">Identifies the command for retries.</param>
    /// <param name="hold">An open hold.</param>
    /// <param name="lines">The units to release per (location, SKU); each at most what the hold still has there.</param>
    /// <returns>Accepted, or a refusal as for <see cref="Commit(string, HoldId, ReadOnlySpan{LedgerLine}, bool)"/>. A refusal changes nothing.</returns>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerResult Release(string idempotencyKey, HoldId hold, ReadOnlySpan<LedgerLine> lines)
    {
        if (IsBadKey(idempotencyKey, hold, out var refusal) || IsBadHold(hold, out refusal) || AreBadLines(lines, "release", hold, out refusal))
            return refusal;
        var fingerprint = Fingerprint(CommandKind.Release, hold, lines, 0);
        using (_lock.EnterScope())
        {
            if (!Begin(out var now, out refusal) || IsRepeat(idempotencyKey, fingerprint, hold, out refusal)) return refusal;
            if (!FindOpenHold(hold, out var record, out refusal) || !FindCells(lines, hold, out refusal) ||
                !FitsHold(record, lines, "release", out refusal))
                return refusal;
            for (var i = 0; i < lines.Length; i++)
                _batch[i] = new LedgerEntry(SequenceAt(i), now, LedgerEntryKind.Release, lines[i].Location, lines[i].Sku, lines[i].Quantity, hold,
                    idempotencyKey: idempotencyKey, fingerprint: fingerprint);
            Write(lines.Length, record);
        }
        return LedgerResult.Accepted(hold);
    }

    /// <summary>Releases everything a hold still has; the hold resolves (as released, or committed if it shipped units before).</summary>
    /// <returns>Accepted, or <see cref="LedgerStatus.UnknownHold"/>, <see cref="LedgerStatus.Expired"/>,
    /// <see cref="LedgerStatus.AlreadyResolved"/> or another refusal. A refusal changes nothing.</returns>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerResult Release(string idempotencyKey, HoldId hold)
    {
        if (IsBadKey(idempotencyKey, hold, out var refusal) || IsBadHold(hold, out refusal)) return refusal;
        var fingerprint = Fingerprint(CommandKind.ReleaseAll, hold, [], 0);
        using (_lock.EnterScope())
        {
            if (!Begin(out var now, out refusal) || IsRepeat(idempotencyKey, fingerprint, hold, out refusal)) return refusal;
            if (!FindOpenHold(hold, out var record, out refusal)) return refusal;
            EnsureCapacity(record.LineCount);
            var n = 0;
            for (var j = 0; j < record.LineCount; j++)
            {
                var line = record.Lines[j];
                if (line.Held == 0) continue;
                _cells[n] = line.Cell;
                _batch[n] = new LedgerEntry(SequenceAt(n), now, LedgerEntryKind.Release, line.Cell.Location, line.Cell.Sku, line.Held, hold,
                    idempotencyKey: idempotencyKey, fingerprint: fingerprint);
                n++;
            }
            Write(n, record);
        }
        return LedgerResult.Accepted(hold);
    }

    private static LedgerResult DuplicateHold(HoldId hold, HoldState state, Instant createdAt) =>
        LedgerResult.Refused(LedgerStatus.DuplicateHold, hold,
            $"Hold {hold} already exists ({state.ToString().ToLowerInvariant()}, created {createdAt}) under another idempotency key; nothing was done.");

    private bool FitsHold(HoldRecord record, ReadOnlySpan<LedgerLine> lines, string verb, out LedgerResult refusal)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var held = record.HeldOf(_cells[i]!);
            if (lines[i].Quantity <= held) continue;
            ClearCells(lines.Length);
            refusal = LedgerResult.Refused(LedgerStatus.ExceedsHold, record.Id,
                $"Hold {record.Id} has {held} of {lines[i].Sku} at {lines[i].Location}; the {verb} names {lines[i].Quantity}. Nothing was done.");
            return false;
        }
        refusal = default;
        return true;
    }

    private int QuantityOf(Cell cell, int count, ReadOnlySpan<LedgerLine> lines)
    {
        for (var i = 0; i < count; i++)
            if (ReferenceEquals(_cells[i], cell)) return lines[i].Quantity;
        return 0;
    }
}
