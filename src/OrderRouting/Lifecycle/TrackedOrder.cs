using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Orders;
using OrderRouting.Ports;

namespace OrderRouting.Lifecycle;

/// <summary>
/// An order and everything the lifecycle knows about it: its state, shipments, cancelled units, open exception and
/// the outbox of effects not yet delivered. This is what an <see cref="IOrderStore"/> keeps.
/// </summary>
/// <remarks>Immutable and thread-safe; every change makes a new value with a higher <see cref="Version"/>.</remarks>
public sealed record TrackedOrder
{
    /// <summary>The order as ingested (with the ship-to as last corrected).</summary>
    public required Order Order { get; init; }

    /// <summary>Where the order is.</summary>
    public required OrderState State { get; init; }

    /// <summary>When it was acknowledged.</summary>
    public required Instant ReceivedAt { get; init; }

    /// <summary>Increases by one with every stored change.</summary>
    public long Version { get => _version; init => _version = value; }

    private long _version;

    /// <summary>Sets <see cref="Version"/> on a value the lifecycle has just made and nobody else holds yet, when it
    /// is stored: one copy of the order less per stored change.</summary>
    internal void StampVersion(long version) => _version = version;

    /// <summary>Every shipment ever made for it, live or not, in creation order.</summary>
    public IReadOnlyList<TrackedShipment> Shipments { get; init; } = [];

    /// <summary>How many shipment ids were handed out, refused reservations included (numbers the next one).</summary>
    public int ShipmentSequence { get; init; }

    /// <summary>Units cancelled before dispatch, per order line id.</summary>
    public IReadOnlyDictionary<string, int> CancelledUnits { get; init; } = Empty;

    /// <summary>True when units wait for stock (backordered); they are allocated, oldest order first, when stock arrives.</summary>
    public bool AwaitingStock { get; init; }

    /// <summary>True once the order was released to fulfilment; shipments made later (re-routes, backorders) are released at once.</summary>
    public bool ReleaseRequested { get; init; }

    /// <summary>The exception flagged and not yet resolved, if any.</summary>
    public OrderException? OpenException { get; init; }

    /// <summary>How many times each cause was flagged for this order (the attempt number policies see).</summary>
    public IReadOnlyDictionary<ExceptionCause, int> ExceptionCounts { get; init; } = NoExceptions;

    /// <summary>Notifications made and not yet accepted by the sink (retried with the same key).</summary>
    public IReadOnlyList<CustomerNotification> PendingNotifications { get; init; } = [];

    /// <summary>Returns to open through <see cref="IReturnsPort"/>, not yet acknowledged.</summary>
    public IReadOnlyList<ReturnOpening> PendingReturns { get; init; } = [];

    /// <summary>Shipments whose provider must still be told that they are cancelled.</summary>
    public IReadOnlyList<string> PendingCancellations { get; init; } = [];

    /// <summary>How many notifications of each numbered kind were made (numbers their keys).</summary>
    public int NotificationSequence { get; init; }

    /// <summary>Units for which a return was requested, per order line id.</summary>
    public IReadOnlyDictionary<string, int> ReturnedUnits { get; init; } = Empty;

    /// <summary>The notification topics made for this order so far, in first-made order.</summary>
    public IReadOnlyList<string> NotifiedTopics { get; init; } = [];

    /// <summary>True when a notification of <paramref name="topic"/> was made for this order.</summary>
    public bool Notified(string topic) => NotifiedTopics.Contains(topic);

    /// <summary>How many cancellation requests the order had (numbers return keys).</summary>
    public int CancellationSequence { get; init; }

    /// <summary>The order's id.</summary>
    public OrderId Id => Order.Id;

    /// <summary>Units per order line not in a live shipment and not cancelled: what still needs stock.</summary>
    public IReadOnlyList<FulfilmentLine> Unallocated()
    {
        List<FulfilmentLine>? missing = null;
        for (var i = 0; i < Order.Lines.Count; i++)
        {
            var line = Order.Lines[i];
            var units = line.Quantity - CancelledUnits.GetValueOrDefault(line.LineId) - LiveUnitsOf(line.LineId);
            if (units > 0) (missing ??= []).Add(new FulfilmentLine(line.LineId, line.Sku, units));
        }
        return missing ?? (IReadOnlyList<FulfilmentLine>)[];
    }

    /// <summary>The units of one order line in live shipments.</summary>
    /// <remarks>Indexed loops, here and in <see cref="TrackedShipment.UnitsOf"/>: a foreach over an
    /// <see cref="IReadOnlyList{T}"/> allocates an enumerator, and the lifecycle asks this several times per command.</remarks>
    internal int LiveUnitsOf(string lineId)
    {
        var units = 0;
        for (var i = 0; i < Shipments.Count; i++)
            if (Shipments[i] is { IsLive: true } shipment) units += shipment.UnitsOf(lineId);
        return units;
    }

    /// <summary>True when the order has nothing left to do (terminal) and an empty outbox.</summary>
    public bool IsSettled => OrderStateMachine.IsTerminal(State) && PendingNotifications.Count == 0 &&
                             PendingReturns.Count == 0 && PendingCancellations.Count == 0;

    private static readonly IReadOnlyDictionary<string, int> Empty = new Dictionary<string, int>(StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<ExceptionCause, int> NoExceptions = new Dictionary<ExceptionCause, int>();
}
