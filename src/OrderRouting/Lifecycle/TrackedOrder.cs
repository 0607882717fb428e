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
    public required OrderState State { get => _state; init => _state = value; }

    /// <summary>When it was acknowledged.</summary>
    public required Instant ReceivedAt { get; init; }

    /// <summary>Increases by one with every stored change.</summary>
    public long Version { get => _version; init => _version = value; }

    /// <summary>Every shipment ever made for it, live or not, in creation order.</summary>
    public IReadOnlyList<TrackedShipment> Shipments { get => _shipments; init => _shipments = value; }

    /// <summary>How many shipment ids were handed out, refused reservations included (numbers the next one).</summary>
    public int ShipmentSequence { get => _shipmentSequence; init => _shipmentSequence = value; }

    /// <summary>Units cancelled before dispatch, per order line id.</summary>
    public IReadOnlyDictionary<string, int> CancelledUnits { get => _rare.CancelledUnits; init { if (!SeldomFields.Same(_rare.CancelledUnits, value)) _rare = _rare with { CancelledUnits = value }; } }

    /// <summary>True when units wait for stock (backordered); they are allocated, oldest order first, when stock arrives.</summary>
    public bool AwaitingStock { get => _rare.AwaitingStock; init { if (!SeldomFields.Same(_rare.AwaitingStock, value)) _rare = _rare with { AwaitingStock = value }; } }

    /// <summary>True once the order was released to fulfilment; shipments made later (re-routes, backorders) are released at once.</summary>
    public bool ReleaseRequested { get => _releaseRequested; init => _releaseRequested = value; }

    /// <summary>The exception flagged and not yet resolved, if any.</summary>
    public OrderException? OpenException { get => _rare.OpenException; init { if (!SeldomFields.Same(_rare.OpenException, value)) _rare = _rare with { OpenException = value }; } }

    /// <summary>How many times each cause was flagged for this order (the attempt number policies see).</summary>
    public IReadOnlyDictionary<ExceptionCause, int> ExceptionCounts { get => _rare.ExceptionCounts; init { if (!SeldomFields.Same(_rare.ExceptionCounts, value)) _rare = _rare with { ExceptionCounts = value }; } }

    /// <summary>Notifications made and not yet accepted by the sink (retried with the same key).</summary>
    public IReadOnlyList<CustomerNotification> PendingNotifications { get => _pendingNotifications; init => _pendingNotifications = value; }

    /// <summary>Returns to open through <see cref="IReturnsPort"/>, not yet acknowledged.</summary>
    public IReadOnlyList<ReturnOpening> PendingReturns { get => _rare.PendingReturns; init { if (!SeldomFields.Same(_rare.PendingReturns, value)) _rare = _rare with { PendingReturns = value }; } }

    /// <summary>Shipments whose provider must still be told that they are cancelled.</summary>
    public IReadOnlyList<string> PendingCancellations { get => _rare.PendingCancellations; init { if (!SeldomFields.Same(_rare.PendingCancellations, value)) _rare = _rare with { PendingCancellations = value }; } }

    /// <summary>How many notifications of each numbered kind were made (numbers their keys).</summary>
    public int NotificationSequence { get => _notificationSequence; init => _notificationSequence = value; }

    /// <summary>Units for which a return was requested, per order line id.</summary>
    public IReadOnlyDictionary<string, int> ReturnedUnits { get => _rare.ReturnedUnits; init { if (!SeldomFields.Same(_rare.ReturnedUnits, value)) _rare = _rare with { ReturnedUnits = value }; } }

    /// <summary>The notification topics made for this order so far, in first-made order.</summary>
    public IReadOnlyList<string> NotifiedTopics { get => _notifiedTopics; init => _notifiedTopics = value; }

    /// <summary>True when a notification of <paramref name="topic"/> was made for this order.</summary>
    public bool Notified(string topic) => NotifiedTopics.Contains(topic);

    /// <summary>How many cancellation requests the order had (numbers return keys).</summary>
    public int CancellationSequence { get => _rare.CancellationSequence; init { if (!SeldomFields.Same(_rare.CancellationSequence, value)) _rare = _rare with { CancellationSequence = value }; } }

    /// <summary>The order's id.</summary>
    public OrderId Id => Order.Id;

    /// <summary>Units per order line not in a live shipment and not cancelled: what still needs stock.</summary>
    public IReadOnlyList<FulfilmentLine> Unallocated()
    {
        // One array with room for every line (at the first routing every line needs stock), cut to what was found.
        var missing = new FulfilmentLine[Order.Lines.Count];
        var count = 0;
        for (var i = 0; i < Order.Lines.Count; i++)
        {
            var line = Order.Lines[i];
            var units = UnallocatedUnitsOf(line);
            if (units > 0) missing[count++] = new FulfilmentLine(line.LineId, line.Sku, units);
        }
        if (count == 0) return [];
        if (count < missing.Length) Array.Resize(ref missing, count);
        return missing;
    }

    /// <summary>The units of one order line neither cancelled nor in a live shipment.</summary>
    internal int UnallocatedUnitsOf(OrderLine line) =>
        line.Quantity - (CancelledUnits.Count == 0 ? 0 : CancelledUnits.GetValueOrDefault(line.LineId)) - LiveUnitsOf(line.LineId);

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

    // ---- changes in place, for the lifecycle only -------------------------------------------------------------------
    // A command of the lifecycle changes an order in several steps. Rather than a copy per step (a `with` copies every
    // field), it takes one private copy, a draft, changes that in place, and stores it: one copy per command. A draft
    // is never stored, published or handed to a policy while it is still being changed: Seal() ends the changes, and
    // the next change then makes a new draft. Values anyone else can see (stored, constructed, copied with `with` by a
    // host) are never drafts, so they never change.

    private OrderState _state;
    private long _version;
    private IReadOnlyList<TrackedShipment> _shipments = [];
    private int _shipmentSequence;
    private bool _releaseRequested;
    private IReadOnlyList<CustomerNotification> _pendingNotifications = [];
    private int _notificationSequence;
    private IReadOnlyList<string> _notifiedTopics = [];
    private bool _draft;

    /// <summary>This value when it is a draft, otherwise a draft copy of it.</summary>
    internal TrackedOrder Draft() => _draft ? this : this with { _draft = true };

    /// <summary>Ends the changes of a draft (it is being stored or shown); a later change makes a new draft.</summary>
    internal TrackedOrder Seal()
    {
        _draft = false;
        SealShipments();
        return this;
    }

    /// <summary>Sets <see cref="Version"/> and seals the value, as it is stored. The value must be one the lifecycle
    /// made in this command (a draft, or a fresh `with` copy) that nobody else holds yet.</summary>
    internal void SealAs(long version)
    {
        _version = version;
        _draft = false;
        SealShipments();
    }

    private void SealShipments()
    {
        // Only drafts are written to: the other shipments are shared with stored versions that other threads may read.
        for (var i = 0; i < _shipments.Count; i++)
            if (_shipments[i].IsDraft) _shipments[i].Seal();
    }

    internal void SetState(OrderState value) => _state = Drafted(value);

    internal void SetShipments(IReadOnlyList<TrackedShipment> value) => _shipments = Drafted(value);

    internal void SetShipmentSequence(int value) => _shipmentSequence = Drafted(value);

    internal void SetReleaseRequested(bool value) => _releaseRequested = Drafted(value);

    internal void SetPendingNotifications(IReadOnlyList<CustomerNotification> value) => _pendingNotifications = Drafted(value);

    internal void SetNotificationSequence(int value) => _notificationSequence = Drafted(value);

    internal void SetNotifiedTopics(IReadOnlyList<string> value) => _notifiedTopics = Drafted(value);

    private T Drafted<T>(T value)
    {
        if (!_draft) throw new InvalidOperationException("only a draft of an order changes in place"); // a bug, never input
        return value;
    }

    // ---- what few orders need ---------------------------------------------------------------------------------------
    // Cancellations, returns, exceptions and backorders concern a small share of orders. Their fields live in one
    // shared object (Seldom.None while all are at their defaults) rather than in every order: each copy of an order
    // (one per stored change) is then 48 bytes smaller. Setting one of them makes a new Seldom; equality is unchanged
    // (Seldom is a record, compared by value).

    private Seldom _rare = Seldom.None;

    private sealed record Seldom
    {
        public static readonly Seldom None = new();

        public IReadOnlyDictionary<string, int> CancelledUnits { get; init; } = Empty;
        public bool AwaitingStock { get; init; }
        public OrderException? OpenException { get; init; }
        public IReadOnlyDictionary<ExceptionCause, int> ExceptionCounts { get; init; } = NoExceptions;
        public IReadOnlyList<ReturnOpening> PendingReturns { get; init; } = [];
        public IReadOnlyList<string> PendingCancellations { get; init; } = [];
        public IReadOnlyDictionary<string, int> ReturnedUnits { get; init; } = Empty;
        public int CancellationSequence { get; init; }
    }

    private static readonly IReadOnlyDictionary<string, int> Empty = new Dictionary<string, int>(StringComparer.Ordinal);
    private static readonly IReadOnlyDictionary<ExceptionCause, int> NoExceptions = new Dictionary<ExceptionCause, int>();
}
