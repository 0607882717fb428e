using OrderRouting.Orders;

namespace OrderRouting.Connectors;

/// <summary>
/// A sales channel (web store, marketplace, B2B portal): orders come in, stock levels go out. The host implements
/// it, one instance per channel, and registers it with <c>AddChannel&lt;T&gt;()</c>.
/// </summary>
/// <remarks>Orders may also be pushed (a webhook) straight into <see cref="Lifecycle.OrderLifecycle.IngestAsync"/>;
/// ingestion is deduplicated by (channel, external id) either way.</remarks>
public interface ISalesChannel
{
    /// <summary>The channel's id; every order it returns must carry it.</summary>
    ChannelId Channel { get; }

    /// <summary>Returns the orders that arrived since the last call, already mapped to the canonical model. Returning an order
    /// again is harmless. Throwing means "try again later"; nothing is lost.</summary>
    ValueTask<IReadOnlyList<Order>> ReceiveAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes sellable stock to the channel (fed by the ledger's availability). A batch holds the SKUs whose level
    /// changed since the last accepted batch, not the whole catalogue: merge it into what the channel shows. Throwing
    /// means "not published"; the same levels (or newer ones) come again.
    /// </summary>
    ValueTask PublishStockAsync(IReadOnlyList<ChannelStockLevel> levels, CancellationToken cancellationToken = default);
}

/// <summary>How many units of a SKU the channel may sell.</summary>
/// <param name="Sku">The product.</param>
/// <param name="Sellable">Units, never negative.</param>
public sealed record ChannelStockLevel(Sku Sku, int Sellable);
