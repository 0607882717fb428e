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
}
