using NodaTime;
using OrderRouting.Inventory.Reconciliation;
using OrderRouting.Ports;

namespace OrderRouting.Inventory.Ledger;

// Stock entering and leaving outside of holds: receipts, restocks, safety stock, adjustments and counts.
public sealed partial class StockLedger
{
    /// <summary>Records units arriving at a location (a purchase order, a transfer in); they become sellable and are
    /// announced on <see cref="Arrivals"/>. The first receipt of a SKU at a location makes the SKU known there.</summary>
    /// <param name="idempotencyKey">Identifies the command for retries, e.g. <c>PO-77:line-3</c>.</param>
    /// <param name="location">A configured location.</param>
    /// <param name="sku">The SKU.</param>
    /// <param name="units">At least 1.</param>
    /// <param name="reference">Free text for the audit trail (the purchase order, the ASN).</param>
    /// <returns>Accepted, or <see cref="LedgerStatus.UnknownLocation"/>, <see cref="LedgerStatus.InvalidRequest"/>,
    /// <see cref="LedgerStatus.IdempotencyConflict"/>, <see cref="LedgerStatus.ClockWentBackwards"/>. A refusal changes nothing.</returns>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerResult Receive(string idempotencyKey, LocationId location, Sku sku, int units, string? reference = null) =>
        AddStock(CommandKind.Receive, LedgerEntryKind.Receipt, idempotencyKey, new LedgerLine(location, sku, units), reference);

    /// <summary>Puts units back into stock at a location (a resellable return); announced on <see cref="Arrivals"/>.</summary>
    /// <param name="idempotencyKey">Identifies the command for retries, e.g. <c>RMA-1:restock:line-2</c>.</param>
    /// <param name="location">A configured location.</param>
    /// <param name="sku">The SKU.</param>
    /// <param name="units">At least 1.</param>
    /// <param name="reason">Why, for the audit trail.</param>
    /// <returns>As for <see cref="Receive"/>.</returns>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerResult Restock(string idempotencyKey, LocationId location, Sku sku, int units, string? reason = null) =>
        AddStock(CommandKind.Restock, LedgerEntryKind.Restock, idempotencyKey, new LedgerLine(location, sku, units), reason);

    private LedgerResult AddStock(CommandKind kind, LedgerEntryKind entryKind, string key, LedgerLine line, string? note)
    {
        if (IsBadKey(key, default, out var refusal) || IsBadLine(in line, -1, default, false, out refusal)) return refusal;
        var fingerprint = new Fingerprint(kind);
        fingerprint.Add(in line);
        fingerprint.Add(note);
        Instant at;
        using (_lock.EnterScope())
        {
            if (!Begin(out at, out refusal) || IsRepeat(key, fingerprint.Value, default, out refusal)) return refusal;
            if (!_locations.Contains(line.Location)) return UnknownLocation(line.Location);
            var cell = _state.FindCell(line.Location, line.Sku);
            if (cell is not null && (long)cell.OnHand + line.Quantity > int.MaxValue)
                return LedgerResult.Refused(LedgerStatus.InvalidRequest, default,
                    $"{line.Quantity} more units of {line.Sku} at {line.Location} would exceed {int.MaxValue} on hand; nothing was done.");
            _cells[0] = cell;
            _batch[0] = new LedgerEntry(SequenceAt(0), at, entryKind, line.Location, line.Sku, line.Quantity, idempotencyKey: key,
                fingerprint: fingerprint.Value, note: note);
            Write(1, null);
        }
        _arrivals.OnNext(new StockArrived(line.ToStockLine(), at));
        return LedgerResult.Accepted(default);
    }

    /// <summary>Sets the safety stock of a (location, SKU): units held back from what is sellable there.</summary>
    /// <param name="idempotencyKey">Identifies the command for retries.</param>
    /// <param name="location">A configured location.</param>
    /// <param name="sku">The SKU.</param>
    /// <param name="units">Zero or more.</param>
    /// <returns>Accepted, or a refusal naming the bad input. A refusal changes nothing.</returns>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerResult SetSafetyStock(string idempotencyKey, LocationId location, Sku sku, int units)
    {
        var line = new LedgerLine(location, sku, units);
        if (IsBadKey(idempotencyKey, default, out var refusal) || IsBadLine(in line, -1, default, true, out refusal))
            return refusal;
        var fingerprint = new Fingerprint(CommandKind.SafetyStock);
        fingerprint.Add(in line);
        using (_lock.EnterScope())
        {
            if (!Begin(out var now, out refusal) || IsRepeat(idempotencyKey, fingerprint.Value, default, out refusal)) return refusal;
            if (!_locations.Contains(location)) return UnknownLocation(location);
            _cells[0] = _state.FindCell(location, sku);
            _batch[0] = new LedgerEntry(SequenceAt(0), now, LedgerEntryKind.SafetyStock, location, sku, units, idempotencyKey: idempotencyKey,
                fingerprint: fingerprint.Value);
            Write(1, null);
        }
        return LedgerResult.Accepted(default);
    }

    /// <summary>
    /// Changes on hand by <paramref name="delta"/> for a reason (damage, correction, shrinkage, a count). If on hand
    /// falls below what is reserved, the result names the holds that are now short, in the order of the
    /// <see cref="IShortHoldPolicy"/> (newest first by default), so the order side can re-route them.
    /// </summary>
    /// <param name="idempotencyKey">Identifies the command for retries.</param>
    /// <param name="location">A configured location.</param>
    /// <param name="sku">A SKU known at the location.</param>
    /// <param name="delta">The signed change, not zero; on hand may not go below zero.</param>
    /// <param name="reason">Why; not <see cref="AdjustmentReason.None"/>.</param>
    /// <param name="note">Free text for the audit trail.</param>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public ReconciliationResult Adjust(string idempotencyKey, LocationId location, Sku sku, int delta, AdjustmentReason reason, string? note = null)
    {
        string? problem = null;
        if (delta == 0) problem = "The adjustment must change on hand; the delta was 0.";
        else if (reason == AdjustmentReason.None || !Enum.IsDefined(reason)) problem = $"An adjustment needs a reason, was {reason}.";
        return Reconcile(CommandKind.Adjust, idempotencyKey, new LedgerLine(location, sku, delta), absolute: false, reason, note, problem);
    }

    /// <summary>
    /// Records a warehouse count (WMS/3PL report): on hand becomes <paramref name="countedOnHand"/> through an
    /// adjustment with reason <see cref="AdjustmentReason.CycleCount"/> (of zero units when the count agrees). If on hand
    /// falls below what is reserved, the result names the holds that are now short; nothing is dropped silently.
    /// </summary>
    /// <param name="idempotencyKey">Identifies the command for retries, e.g. <c>count:eu-1:2026-11-27</c>.</param>
    /// <param name="location">A configured location.</param>
    /// <param name="sku">The SKU; a count of a SKU the ledger did not know there makes it known.</param>
    /// <param name="countedOnHand">Units counted, zero or more.</param>
    /// <param name="note">Free text for the audit trail.</param>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public ReconciliationResult RecordCount(string idempotencyKey, LocationId location, Sku sku, int countedOnHand, string? note = null) =>
        Reconcile(CommandKind.Count, idempotencyKey, new LedgerLine(location, sku, countedOnHand), absolute: true, AdjustmentReason.CycleCount,
            note, countedOnHand < 0 ? $"The count must not be negative, was {countedOnHand}." : null);

    private ReconciliationResult Reconcile(CommandKind kind, string key, LedgerLine line, bool absolute, AdjustmentReason reason, string? note,
        string? problem)
    {
        if (IsBadKey(key, default, out var refusal) || IsBadLine(line with { Quantity = 0 }, -1, default, true, out refusal))
            return Refused(refusal, line);
        if (problem is not null) return Refused(LedgerResult.Refused(LedgerStatus.InvalidRequest, default, problem), line);
        var fingerprint = new Fingerprint(kind);
        fingerprint.Add(in line);
        fingerprint.Add((int)reason);
        fingerprint.Add(note);
        using (_lock.EnterScope())
        {
            if (!Begin(out var now, out refusal)) return Refused(refusal, line);
            if (IsRepeat(key, fingerprint.Value, default, out refusal))
            {
                if (!refusal.IsAccepted) return Refused(refusal, line);
                var record = _state.Keys[key];
                return record.Detail is ReconciliationResult original
                    ? original with { IsReplay = true }
                    : new ReconciliationResult(LedgerStatus.Accepted, "", true, record.Quantity, BalanceOf(line.Location, line.Sku), []);
            }
            if (!_locations.Contains(line.Location)) return Refused(UnknownLocation(line.Location), line);
            var cell = _state.FindCell(line.Location, line.Sku);
            if (cell is null && !absolute)
                return Refused(LedgerResult.Refused(LedgerStatus.UnknownSku, default,
                    $"The ledger knows no SKU {line.Sku} at {line.Location}; nothing was adjusted."), line);
            long onHand = cell?.OnHand ?? 0;
            long delta = absolute ? line.Quantity - onHand : line.Quantity;
            if (onHand + delta < 0 || onHand + delta > int.MaxValue)
                return Refused(LedgerResult.Refused(LedgerStatus.InvalidRequest, default,
                    $"The adjustment would take on hand of {line.Sku} at {line.Location} from {onHand} to {onHand + delta}, outside [0, {int.MaxValue}]; nothing was done."), line);

            _cells[0] = cell;
            _batch[0] = new LedgerEntry(SequenceAt(0), now, LedgerEntryKind.Adjustment, line.Location, line.Sku, (int)delta,
                idempotencyKey: key, fingerprint: fingerprint.Value, reason: reason, note: note);
            Write(1, null);
            cell = _state.FindCell(line.Location, line.Sku)!;
            var result = new ReconciliationResult(LedgerStatus.Accepted, "", false, (int)delta, cell.ToBalance(),
                ShortHoldFinder.Find(_state, cell, _shortHoldPolicy));
            if (_state.Keys.TryGetValue(key, out var recorded)) _state.Keys[key] = recorded with { Detail = result };
            return result;
        }
    }

    private ReconciliationResult Refused(LedgerResult refusal, LedgerLine line) =>
        new(refusal.Status, refusal.Message, false, 0,
            line.Location.Value is null || line.Sku.Value is null ? new StockBalance(line.Location, line.Sku, 0, 0, 0) : GetBalance(line.Location, line.Sku), []);

    private static LedgerResult UnknownLocation(LocationId location) =>
        LedgerResult.Refused(LedgerStatus.UnknownLocation, default, $"The ledger knows no location {location}; nothing was done.");
}
