using NodaTime;
using OrderRouting.Inventory.Ledger;

namespace OrderRouting.Inventory.Storage;

/// <summary>
/// The ledger's state after the entry <see cref="Sequence"/>: replaying the entries after it on top of it gives the
/// same state as replaying every entry from the start.
/// </summary>
/// <param name="Sequence">The last entry the snapshot covers.</param>
/// <param name="At">The latest instant the ledger had seen (a clock earlier than this is refused after a restore).</param>
/// <param name="Cells">Balances per (location, SKU), ordered by location then SKU.</param>
/// <param name="Holds">Open holds (oldest first), then resolved holds still remembered (in the order they resolved).</param>
/// <param name="IdempotencyKeys">Keys of accepted commands still within the retention window, oldest first.</param>
/// <remarks>Immutable once created.</remarks>
public sealed record LedgerSnapshot(long Sequence, Instant At, IReadOnlyList<StockBalance> Cells, IReadOnlyList<HoldSnapshot> Holds,
    IReadOnlyList<IdempotencySnapshot> IdempotencyKeys);

/// <summary>A hold in a snapshot.</summary>
/// <param name="Hold">Its id.</param>
/// <param name="Kind">Cart or order.</param>
/// <param name="State">Open or how it resolved.</param>
/// <param name="CreatedAt">When it was reserved.</param>
/// <param name="CreatedSequence">The sequence of its first reservation entry (orders holds by age).</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="ResolvedAt">When it resolved; <c>default</c> while open.</param>
/// <param name="Lines">Units still held per (location, SKU).</param>
/// <param name="CommittedUnits">Units shipped from it.</param>
public sealed record HoldSnapshot(HoldId Hold, HoldKind Kind, HoldState State, Instant CreatedAt, long CreatedSequence, Instant ExpiresAt,
    Instant ResolvedAt, IReadOnlyList<LedgerLine> Lines, int CommittedUnits);

/// <summary>An accepted command's idempotency key in a snapshot.</summary>
/// <param name="Key">The key.</param>
/// <param name="Hold">The hold the command concerned, if any.</param>
/// <param name="Fingerprint">The command's content fingerprint.</param>
/// <param name="RecordedAt">When the command was accepted; the key is forgotten one retention window later.</param>
/// <param name="Quantity">The quantity of the command's first entry (the delta of an adjustment).</param>
public sealed record IdempotencySnapshot(string Key, HoldId Hold, long Fingerprint, Instant RecordedAt, int Quantity);
