namespace OrderRouting.Inventory.Ledger;

/// <summary>
/// A quantity of a SKU at a location, as a value: the allocation-free counterpart of
/// <see cref="OrderRouting.Ports.StockLine"/> for hot callers, passed as a <see cref="ReadOnlySpan{T}"/>.
/// </summary>
/// <param name="Location">Where the stock is.</param>
/// <param name="Sku">The product.</param>
/// <param name="Quantity">Units; a command refuses zero or negative values with <see cref="OrderRouting.Ports.LedgerStatus.InvalidRequest"/>.</param>
/// <remarks><c>default</c> names no location and no SKU and is refused by every command. Immutable and thread-safe.</remarks>
public readonly record struct LedgerLine(LocationId Location, Sku Sku, int Quantity)
{
    /// <summary>Converts a port line into a value line.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="line"/> is null.</exception>
    public static LedgerLine From(OrderRouting.Ports.StockLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new LedgerLine(line.Location, line.Sku, line.Quantity);
    }

    /// <summary>Converts this value into a port line (allocates).</summary>
    public OrderRouting.Ports.StockLine ToStockLine() => new(Location, Sku, Quantity);
}
