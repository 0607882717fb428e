using OrderRouting.Ports;

namespace OrderRouting.Returns;

/// <summary>Tells a warehouse or store that a return is on its way to it (an ASN for returns): the host implements it.</summary>
public interface IInboundReturnNotifier
{
    /// <summary>Announces an inbound return. Throwing means "not delivered": it is kept and retried with the same key.</summary>
    ValueTask NotifyAsync(InboundReturnNotice notice, CancellationToken cancellationToken = default);
}

/// <summary>A return on its way to a location.</summary>
/// <param name="IdempotencyKey">Stable across retries, e.g. <c>R-000001:inbound</c>.</param>
/// <param name="Return">The return.</param>
/// <param name="Rma">Its RMA number.</param>
/// <param name="Location">Where it goes.</param>
/// <param name="Lines">What is expected: SKU and units (location is <paramref name="Location"/>).</param>
/// <param name="TrackingNumber">The return label's tracking number.</param>
public sealed record InboundReturnNotice(string IdempotencyKey, ReturnId Return, string Rma, LocationId Location, IReadOnlyList<StockLine> Lines, string TrackingNumber);
