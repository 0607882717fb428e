namespace OrderRouting.Connectors;

/// <summary>A carrier's label service (outbound and return labels): the host implements it.</summary>
public interface ICarrierGateway
{
    /// <summary>Creates a label. Throwing means no label was made; the caller retries with the same key.</summary>
    ValueTask<ShippingLabel> CreateLabelAsync(LabelRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A label to create.</summary>
/// <param name="IdempotencyKey">Stable across retries, so a retried call makes no second label.</param>
/// <param name="Carrier">The carrier's code, e.g. <c>dhl</c>.</param>
/// <param name="Service">The carrier's service, e.g. <c>standard</c>.</param>
/// <param name="From">Where the parcel starts.</param>
/// <param name="To">Where it goes.</param>
/// <param name="Reference">The order or return it belongs to, printed on the label.</param>
public sealed record LabelRequest(string IdempotencyKey, string Carrier, string Service, Address From, Address To, string Reference);

/// <summary>A label the carrier made.</summary>
/// <param name="Carrier">The carrier's code.</param>
/// <param name="TrackingNumber">The tracking number.</param>
/// <param name="Document">Where the printable label is (a URL or a document id), as the carrier gave it.</param>
public sealed record ShippingLabel(string Carrier, string TrackingNumber, string Document);
