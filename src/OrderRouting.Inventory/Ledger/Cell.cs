namespace OrderRouting.Inventory.Ledger;

/// <summary>The key of a (location, SKU) cell; both identifiers cache their hash, so hashing is two loads.</summary>
internal readonly struct CellKey(LocationId location, Sku sku) : IEquatable<CellKey>
{
    public readonly LocationId Location = location;
    public readonly Sku Sku = sku;

    public bool Equals(CellKey other) => Location.Equals(other.Location) && Sku.Equals(other.Sku);

    public override bool Equals(object? obj) => obj is CellKey other && Equals(other);

    public override int GetHashCode() => Location.GetHashCode() * 31 + Sku.GetHashCode();
}

/// <summary>
/// The balances of one (location, SKU). Fields change only inside the ledger's critical section; <see cref="Sellable"/>
/// is republished after each change so that readers need no lock.
/// </summary>
internal sealed class Cell(LocationId location, Sku sku)
{
    public readonly LocationId Location = location;
    public readonly Sku Sku = sku;
    public int OnHand;
    public int Reserved;
    public int SafetyStock;
    private int _sellable;

    /// <summary>The last published sellable units; read without a lock.</summary>
    public int Sellable => Volatile.Read(ref _sellable);

    public int ComputeSellable() => Math.Max(0, OnHand - Reserved - SafetyStock);

    public void Publish() => Volatile.Write(ref _sellable, ComputeSellable());

    public StockBalance ToBalance() => new(Location, Sku, OnHand, Reserved, SafetyStock);
}
