namespace OrderRouting.Inventory.Ledger;

/// <summary>The balances of one (location, SKU), derived from the ledger's entries.</summary>
/// <param name="Location">Where.</param>
/// <param name="Sku">What.</param>
/// <param name="OnHand">Units physically at the location according to the ledger; never negative.</param>
/// <param name="Reserved">Units held by open holds; may exceed <paramref name="OnHand"/> only after a count or adjustment found less stock (a shortfall).</param>
/// <param name="SafetyStock">Units held back from sale.</param>
/// <remarks>Immutable.</remarks>
public readonly record struct StockBalance(LocationId Location, Sku Sku, int OnHand, int Reserved, int SafetyStock)
{
    /// <summary>Units that may still be promised: on hand less reserved less safety stock, never negative.</summary>
    public int Sellable => Math.Max(0, OnHand - Reserved - SafetyStock);

    /// <summary>Units reserved beyond what is on hand (a shortfall a count revealed); zero normally.</summary>
    public int Shortfall => Math.Max(0, Reserved - OnHand);
}

/// <summary>Whether a hold is a soft cart hold or an order's hold.</summary>
public enum HoldKind : byte
{
    /// <summary>An order's hold, committed when the order ships.</summary>
    Order,
    /// <summary>A cart hold: short-lived, converted into an order hold when the order is placed.</summary>
    Cart,
}

/// <summary>Where a hold is in its life. A hold resolves at most once: from <see cref="Open"/> to one of the others.</summary>
public enum HoldState : byte
{
    /// <summary>Units are held.</summary>
    Open,
    /// <summary>Resolved: at least one unit shipped (the rest, if any, released).</summary>
    Committed,
    /// <summary>Resolved: every unit released by a command.</summary>
    Released,
    /// <summary>Resolved: the hold expired; its remaining units were released.</summary>
    Expired,
    /// <summary>Resolved: the cart hold became an order hold.</summary>
    Converted,
}

/// <summary>A hold as the ledger sees it now.</summary>
/// <param name="Hold">The hold's id.</param>
/// <param name="Kind">Cart or order.</param>
/// <param name="State">Open or how it resolved.</param>
/// <param name="CreatedAt">When it was reserved.</param>
/// <param name="ExpiresAt">When it expires (or expired) if neither committed nor released.</param>
/// <param name="Lines">What it still holds per (location, SKU); empty once resolved.</param>
/// <param name="CommittedUnits">Units shipped from it so far.</param>
public sealed record HoldInfo(HoldId Hold, HoldKind Kind, HoldState State, NodaTime.Instant CreatedAt, NodaTime.Instant ExpiresAt,
    IReadOnlyList<LedgerLine> Lines, int CommittedUnits);
