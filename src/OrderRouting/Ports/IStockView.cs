namespace OrderRouting.Ports;

/// <summary>
/// The read-only view of stock that routing decides on. The Inventory package's ledger implements it;
/// routing tests and the simulator use a plain in-memory view.
/// </summary>
/// <remarks>Implementations must be safe to read from many threads. A value is a snapshot: the stock may be
/// taken by someone else a moment later, which is why a routing decision is confirmed by a reservation.</remarks>
public interface IStockView
{
    /// <summary>
    /// The units of <paramref name="sku"/> that may be promised from <paramref name="location"/> now:
    /// on hand less reserved less safety stock, never negative. Zero for a location or SKU it does not know.
    /// </summary>
    int GetSellable(LocationId location, Sku sku);

    /// <summary>
    /// The units of <paramref name="sku"/> that may be promised from each of <paramref name="locations"/>, written to
    /// <paramref name="sellable"/> in the same order: what <see cref="GetSellable(LocationId, Sku)"/> gives for each.
    /// Routing reads a line's whole column like this when a strategy ranks by stock after some value of the order was
    /// read on its own (otherwise it reads every line's column at once, with
    /// <see cref="GetSellable(ReadOnlySpan{Sku}, ReadOnlySpan{LocationId}, Span{int})"/>), so an implementation can
    /// look the SKU up once. The default calls
    /// <see cref="GetSellable(LocationId, Sku)"/> per location.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sellable"/> is shorter than <paramref name="locations"/>.</exception>
    void GetSellable(Sku sku, ReadOnlySpan<LocationId> locations, Span<int> sellable)
    {
        CheckColumn(locations.Length, sellable);
        for (var i = 0; i < locations.Length; i++) sellable[i] = GetSellable(locations[i], sku);
    }

    /// <summary>
    /// The units of each of <paramref name="skus"/> that may be promised from each of <paramref name="locations"/>:
    /// SKU <c>k</c> at location <c>i</c> is written to <c>sellable[k × locations.Length + i]</c>, what
    /// <see cref="GetSellable(LocationId, Sku)"/> gives for it. Routing reads an order's columns like this when a
    /// strategy ranks by stock, one SKU per order line, so a SKU may appear more than once; an implementation can
    /// resolve the location list once for all the SKUs. The default calls
    /// <see cref="GetSellable(Sku, ReadOnlySpan{LocationId}, Span{int})"/> per SKU.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sellable"/> holds fewer than
    /// <c>skus.Length × locations.Length</c> values.</exception>
    void GetSellable(ReadOnlySpan<Sku> skus, ReadOnlySpan<LocationId> locations, Span<int> sellable)
    {
        CheckColumns(skus.Length, locations.Length, sellable);
        var n = locations.Length;
        for (var k = 0; k < skus.Length; k++) GetSellable(skus[k], locations, sellable.Slice(k * n, n));
    }

    /// <summary>Throws unless <paramref name="sellable"/> holds a column of <paramref name="locations"/> locations (the
    /// check of the one-SKU column read, for its implementations).</summary>
    internal static void CheckColumn(int locations, ReadOnlySpan<int> sellable)
    {
        if (sellable.Length < locations)
            throw new ArgumentException($"holds {sellable.Length} values for {locations} locations", nameof(sellable));
    }

    /// <summary>Throws unless <paramref name="sellable"/> holds <paramref name="skus"/> columns of
    /// <paramref name="locations"/> locations (the check of the several-SKU read, for its implementations).</summary>
    internal static void CheckColumns(int skus, int locations, ReadOnlySpan<int> sellable)
    {
        if (sellable.Length < (long)skus * locations)
            throw new ArgumentException($"holds {sellable.Length} values for {skus} SKUs at {locations} locations", nameof(sellable));
    }
}
