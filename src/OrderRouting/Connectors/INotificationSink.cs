using NodaTime;

namespace OrderRouting.Connectors;

/// <summary>
/// Where customer notifications go (e-mail, SMS, the channel's messaging): the host implements it.
/// Delivery is at least once; <see cref="CustomerNotification.Key"/> is stable across retries so the sink can
/// make the effect exactly once.
/// </summary>
public interface INotificationSink
{
    /// <summary>Sends one notification. Throwing means "not sent": the caller retries with the same key.</summary>
    ValueTask SendAsync(CustomerNotification notification, CancellationToken cancellationToken = default);
}

/// <summary>A customer-visible status change.</summary>
/// <param name="Key">Stable deduplication key, e.g. <c>web-1001:dispatched:eu-1</c>.</param>
/// <param name="Order">The order concerned.</param>
/// <param name="Channel">The channel the order came from (whose voice and templates to use).</param>
/// <param name="Topic">What happened; see <see cref="NotificationTopics"/>.</param>
/// <param name="At">When it happened.</param>
/// <param name="Recipient">The customer's contact as the order gave it.</param>
/// <param name="Data">Template data (tracking number, carrier, refund amount, ...), verbatim.</param>
public sealed record CustomerNotification(
    string Key, OrderId Order, ChannelId Channel, string Topic, Instant At, string Recipient, IReadOnlyDictionary<string, string> Data);

/// <summary>The topics of customer notifications that the packages send.</summary>
public static class NotificationTopics
{
    /// <summary>The order was accepted and stock is reserved.</summary>
    public const string OrderConfirmed = "order-confirmed";
    /// <summary>A shipment left a location.</summary>
    public const string Dispatched = "dispatched";
    /// <summary>A shipment is out for delivery.</summary>
    public const string OutForDelivery = "out-for-delivery";
    /// <summary>A shipment was delivered.</summary>
    public const string Delivered = "delivered";
    /// <summary>The order (or some lines) was cancelled.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>Some lines wait for stock.</summary>
    public const string Backordered = "backordered";
    /// <summary>A return was authorised (RMA issued).</summary>
    public const string ReturnAuthorised = "return-authorised";
    /// <summary>A return was rejected.</summary>
    public const string ReturnRejected = "return-rejected";
    /// <summary>A return label was issued.</summary>
    public const string ReturnLabelIssued = "return-label-issued";
    /// <summary>A return arrived at a location.</summary>
    public const string ReturnReceived = "return-received";
    /// <summary>A refund was paid.</summary>
    public const string Refunded = "refunded";
    /// <summary>An exchange order was placed.</summary>
    public const string ExchangePlaced = "exchange-placed";
    /// <summary>Store credit was issued.</summary>
    public const string StoreCreditIssued = "store-credit-issued";
}
