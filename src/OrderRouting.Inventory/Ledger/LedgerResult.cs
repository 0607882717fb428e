using OrderRouting.Ports;

namespace OrderRouting.Inventory.Ledger;

/// <summary>
/// What the ledger said to a command, as a value: the allocation-free counterpart of <see cref="LedgerOutcome"/>.
/// An accepted result allocates nothing; a refusal carries a message and, for
/// <see cref="LedgerStatus.InsufficientStock"/>, the shortages.
/// </summary>
/// <param name="Status">What happened.</param>
/// <param name="Hold">The hold concerned, where there is one; <c>default</c> otherwise.</param>
/// <param name="IsReplay">True when this repeats the outcome of an earlier accepted command with the same idempotency key.</param>
/// <param name="Message">A sentence naming what was wrong; empty when accepted.</param>
/// <param name="Shortages">Per (location, SKU), the units missing; empty unless the status is <see cref="LedgerStatus.InsufficientStock"/>.</param>
/// <remarks><c>default</c> has status <see cref="LedgerStatus.Accepted"/> but no message list; the ledger never returns it. Immutable.</remarks>
public readonly record struct LedgerResult(LedgerStatus Status, HoldId Hold, bool IsReplay, string Message, IReadOnlyList<StockLine> Shortages)
{
    /// <summary>True when the command was applied (now or, for a replay, the first time).</summary>
    public bool IsAccepted => Status == LedgerStatus.Accepted;

    /// <summary>The port's outcome record with the same content (allocates).</summary>
    public LedgerOutcome ToOutcome() => new(Status, Hold, Shortages ?? [], Message ?? "", IsReplay);

    internal static LedgerResult Accepted(HoldId hold) => new(LedgerStatus.Accepted, hold, false, "", []);

    internal static LedgerResult Replayed(HoldId hold) => new(LedgerStatus.Accepted, hold, true, "", []);

    internal static LedgerResult Refused(LedgerStatus status, HoldId hold, string message) => new(status, hold, false, message, []);

    internal static LedgerResult Short(HoldId hold, IReadOnlyList<StockLine> shortages, string message) =>
        new(LedgerStatus.InsufficientStock, hold, false, message, shortages);
}
