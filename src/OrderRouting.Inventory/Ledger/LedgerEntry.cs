using NodaTime;

namespace OrderRouting.Inventory.Ledger;

/// <summary>What an entry of the ledger records. Each entry changes one (location, SKU) or, for
/// <see cref="Conversion"/>, one hold.</summary>
public enum LedgerEntryKind : byte
{
    /// <summary>Units arrived (a purchase order, a transfer in): on hand grows by <see cref="LedgerEntry.Quantity"/>.</summary>
    Receipt,
    /// <summary>On hand changes by the signed <see cref="LedgerEntry.Quantity"/> for <see cref="LedgerEntry.Reason"/>.</summary>
    Adjustment,
    /// <summary>The safety stock of the (location, SKU) becomes <see cref="LedgerEntry.Quantity"/> units.</summary>
    SafetyStock,
    /// <summary>An order hold takes <see cref="LedgerEntry.Quantity"/> units: reserved grows.</summary>
    Reservation,
    /// <summary>A cart hold (soft, short-lived) takes <see cref="LedgerEntry.Quantity"/> units: reserved grows.</summary>
    CartReservation,
    /// <summary>Held units shipped: on hand and reserved both shrink.</summary>
    Commit,
    /// <summary>Held units released by a command: reserved shrinks.</summary>
    Release,
    /// <summary>Held units released because the hold expired: reserved shrinks.</summary>
    Expiry,
    /// <summary>Units came back (a resellable return): on hand grows.</summary>
    Restock,
    /// <summary>A cart hold became the order hold <see cref="LedgerEntry.RelatedHold"/>, keeping every unit held.</summary>
    Conversion,
}

/// <summary>Why on hand was adjusted.</summary>
public enum AdjustmentReason : byte
{
    /// <summary>Not an adjustment.</summary>
    None,
    /// <summary>A warehouse count (cycle count, WMS/3PL report) differed from the ledger.</summary>
    CycleCount,
    /// <summary>Units were found damaged and are no longer sellable.</summary>
    Damage,
    /// <summary>An earlier entry was wrong (a receipt keyed twice by the warehouse, a typo).</summary>
    Correction,
    /// <summary>Units were lost or stolen.</summary>
    Shrinkage,
}

/// <summary>
/// One immutable entry of the append-only ledger. Balances, holds and idempotency records are a fold of entries
/// in <see cref="Sequence"/> order, so replaying them rebuilds the ledger exactly.
/// </summary>
/// <remarks>A value type so that appending allocates nothing. Immutable and thread-safe.
/// <para>The location, SKU and holds are kept as their text and made into ids when read: an id carries its hash
/// beside the text, and four of them would make every entry 32 bytes larger (a day of entries is kept in memory).</para></remarks>
public readonly record struct LedgerEntry
{
    /// <summary>Creates an entry; the ledger creates them, stores and tests read them.</summary>
    public LedgerEntry(long sequence, Instant at, LedgerEntryKind kind, LocationId location, Sku sku, int quantity,
        HoldId hold = default, HoldId relatedHold = default, Instant expiresAt = default,
        string? idempotencyKey = null, long fingerprint = 0, AdjustmentReason reason = AdjustmentReason.None, string? note = null)
    {
        Sequence = sequence;
        At = at;
        Kind = kind;
        _location = location.Value;
        _sku = sku.Value;
        Quantity = quantity;
        _hold = hold.Value;
        _relatedHold = relatedHold.Value;
        ExpiresAt = expiresAt;
        IdempotencyKey = idempotencyKey;
        Fingerprint = fingerprint;
        Reason = reason;
        Note = note;
    }

    /// <summary>The entry's position in the ledger, from 1, without gaps.</summary>
    public long Sequence { get; }

    /// <summary>When the ledger recorded it (from its <see cref="IClock"/>).</summary>
    public Instant At { get; }

    /// <summary>What it records.</summary>
    public LedgerEntryKind Kind { get; }

    /// <summary>The location; <c>default</c> for <see cref="LedgerEntryKind.Conversion"/>.</summary>
    public LocationId Location => _location is null ? default : LocationId.Of(_location);

    /// <summary>The SKU; <c>default</c> for <see cref="LedgerEntryKind.Conversion"/>.</summary>
    public Sku Sku => _sku is null ? default : Sku.Of(_sku);

    /// <summary>Units: positive, except for an <see cref="LedgerEntryKind.Adjustment"/>, where it is the signed change.</summary>
    public int Quantity { get; }

    /// <summary>The hold concerned (for a conversion: the cart hold); <c>default</c> for stock entries.</summary>
    public HoldId Hold => _hold is null ? default : HoldId.Of(_hold);

    /// <summary>For a conversion: the order hold the cart hold became; <c>default</c> otherwise.</summary>
    public HoldId RelatedHold => _relatedHold is null ? default : HoldId.Of(_relatedHold);

    /// <summary>For a reservation or conversion: when the hold expires; <c>default</c> otherwise.</summary>
    public Instant ExpiresAt { get; }

    /// <summary>The key of the command that wrote the entry; <c>null</c> for expiries, which no command asks for.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>A stable 64-bit fingerprint of the command's content, so that a retry after a restart is still
    /// recognised (same fingerprint) or refused as a conflict (different fingerprint).</summary>
    public long Fingerprint { get; }

    /// <summary>Why on hand was adjusted; <see cref="AdjustmentReason.None"/> for other kinds.</summary>
    public AdjustmentReason Reason { get; }

    /// <summary>Free text for the audit trail (a receipt reference, a restock reason); may be null.</summary>
    public string? Note { get; }

    /// <summary>The hold's text, without making the id (the ledger stores it as text).</summary>
    internal string? HoldText => _hold;

    /// <summary>The related hold's text, without making the id.</summary>
    internal string? RelatedHoldText => _relatedHold;

    private readonly string? _location;
    private readonly string? _sku;
    private readonly string? _hold;
    private readonly string? _relatedHold;
}
