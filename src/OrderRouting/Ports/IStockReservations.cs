using NodaTime;

namespace OrderRouting.Ports;

/// <summary>
/// The port through which the order lifecycle (and returns) reach the stock ledger: two-phase holds and restocks.
/// The Inventory package implements it; <c>OrderRouting</c> never depends on that implementation.
/// </summary>
/// <remarks>
/// Every command carries an idempotency key: repeating a command with the same key returns the original outcome
/// (with <see cref="LedgerOutcome.IsReplay"/> set) and changes nothing; the same key with different content is
/// answered with <see cref="LedgerStatus.IdempotencyConflict"/>. Results are data, not exceptions: a refused command
/// leaves the ledger unchanged. Implementations are safe to call from many threads.
/// </remarks>
public interface IStockReservations : IStockView
{
    /// <summary>Holds stock for every line, atomically: all lines are held, or none.</summary>
    LedgerOutcome Reserve(ReserveCommand command);

    /// <summary>Turns (part of) a hold into a shipment: the units leave stock for good.</summary>
    LedgerOutcome Commit(CommitCommand command);

    /// <summary>Releases (part of) a hold: the units become sellable again.</summary>
    LedgerOutcome Release(ReleaseCommand command);

    /// <summary>Puts units back into stock at a location, e.g. a resellable return.</summary>
    LedgerOutcome Restock(RestockCommand command);

    /// <summary>
    /// Units that became sellable through a receipt or a restock (not through a release), so that backordered
    /// lines can be allocated. Never null; completes when the ledger is disposed.
    /// </summary>
    IObservable<StockArrived> Arrivals { get; }
}

/// <summary>A quantity of a SKU at a location, as held, committed, released or short.</summary>
/// <param name="Location">Where the stock is.</param>
/// <param name="Sku">The product.</param>
/// <param name="Quantity">Units, at least 1 in a command.</param>
public sealed record StockLine(LocationId Location, Sku Sku, int Quantity);

/// <summary>Hold stock for an order (or a cart): all lines or nothing.</summary>
/// <param name="IdempotencyKey">Identifies this command for retries, e.g. <c>web:1001:reserve:1</c>.</param>
/// <param name="Hold">The hold to create, chosen by the caller.</param>
/// <param name="Lines">What to hold; the same (location, SKU) may appear once.</param>
/// <param name="TimeToLive">How long the hold lasts if neither committed nor released; it then expires exactly once.</param>
public sealed record ReserveCommand(string IdempotencyKey, HoldId Hold, IReadOnlyList<StockLine> Lines, Duration TimeToLive);

/// <summary>Ship held units. Lines not named stay held unless <paramref name="ReleaseRemainder"/> is set.</summary>
/// <param name="IdempotencyKey">Identifies this command for retries.</param>
/// <param name="Hold">The hold to commit from.</param>
/// <param name="Lines">The units shipped; at most what is still held of each (location, SKU).</param>
/// <param name="ReleaseRemainder">When true, whatever the hold still has after this commit is released (a short pick, a final shipment).</param>
public sealed record CommitCommand(string IdempotencyKey, HoldId Hold, IReadOnlyList<StockLine> Lines, bool ReleaseRemainder = true);

/// <summary>Release a hold, whole or in part.</summary>
/// <param name="IdempotencyKey">Identifies this command for retries.</param>
/// <param name="Hold">The hold to release from.</param>
/// <param name="Lines">The units to release; <c>null</c> releases everything the hold still has.</param>
public sealed record ReleaseCommand(string IdempotencyKey, HoldId Hold, IReadOnlyList<StockLine>? Lines = null);

/// <summary>Units come back into stock, e.g. a returned item inspected as resellable.</summary>
/// <param name="IdempotencyKey">Identifies this command for retries, e.g. <c>RMA-1:restock:line-2</c>.</param>
/// <param name="Line">Where and what.</param>
/// <param name="Reason">Why, for the ledger's audit trail.</param>
public sealed record RestockCommand(string IdempotencyKey, StockLine Line, string Reason);

/// <summary>Units became sellable at a location through a receipt or a restock.</summary>
/// <param name="Line">Where, what and how many.</param>
/// <param name="At">When the ledger recorded it.</param>
public sealed record StockArrived(StockLine Line, Instant At);

/// <summary>What the ledger said to a command.</summary>
public enum LedgerStatus
{
    /// <summary>The command was applied.</summary>
    Accepted,
    /// <summary>Not enough sellable stock for at least one line; see <see cref="LedgerOutcome.Shortages"/>.</summary>
    InsufficientStock,
    /// <summary>The ledger knows no such hold.</summary>
    UnknownHold,
    /// <summary>The hold was already committed or released in full (a hold resolves at most once).</summary>
    AlreadyResolved,
    /// <summary>The hold expired before the command arrived.</summary>
    Expired,
    /// <summary>The idempotency key was used before for a different command.</summary>
    IdempotencyConflict,
    /// <summary>The ledger knows no such location.</summary>
    UnknownLocation,
    /// <summary>The ledger knows no such SKU at that location.</summary>
    UnknownSku,
    /// <summary>A quantity is zero or negative, or a (location, SKU) appears twice, or a key is empty.</summary>
    InvalidRequest,
    /// <summary>A commit or release names more units than the hold still has.</summary>
    ExceedsHold,
    /// <summary>A reserve names a hold id that the ledger already has (open, or resolved within the idempotency
    /// retention window) under a different idempotency key.</summary>
    DuplicateHold,
    /// <summary>The ledger's clock reads earlier than an instant the ledger has already recorded; nothing was done.</summary>
    ClockWentBackwards,
}

/// <summary>The outcome of a ledger command.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Hold">The hold concerned, where there is one.</param>
/// <param name="Shortages">For <see cref="LedgerStatus.InsufficientStock"/>: per line, the units missing. Otherwise empty.</param>
/// <param name="Message">A sentence for logs and operators naming what was wrong; empty when accepted.</param>
/// <param name="IsReplay">True when this is the stored outcome of an earlier command with the same idempotency key.</param>
public sealed record LedgerOutcome(LedgerStatus Status, HoldId Hold, IReadOnlyList<StockLine> Shortages, string Message, bool IsReplay = false)
{
    /// <summary>True when the command was applied (now or, for a replay, the first time).</summary>
    public bool IsAccepted => Status == LedgerStatus.Accepted;
}
