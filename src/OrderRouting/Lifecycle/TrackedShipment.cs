using NodaTime;
using OrderRouting.Connectors;

namespace OrderRouting.Lifecycle;

/// <summary>Where one shipment of an order is.</summary>
public enum ShipmentStatus
{
    /// <summary>Stock is held; not yet sent to fulfilment.</summary>
    Reserved,
    /// <summary>The instruction waits to be sent (or re-sent after a failed call).</summary>
    Submitting,
    /// <summary>The provider took the instruction.</summary>
    Released,
    /// <summary>Picked (possibly short).</summary>
    Picked,
    /// <summary>Left the location; the hold is committed.</summary>
    Dispatched,
    /// <summary>With the carrier's driver.</summary>
    OutForDelivery,
    /// <summary>Delivered.</summary>
    Delivered,
    /// <summary>Cancelled before dispatch; its hold is released.</summary>
    Cancelled,
    /// <summary>The provider refused it; its hold is released.</summary>
    Rejected,
}

/// <summary>One shipment: units of an order held at, and shipped from, one location.</summary>
/// <remarks>Immutable and thread-safe. Its <see cref="Id"/> is also its ledger hold's id.</remarks>
public sealed record TrackedShipment
{
    /// <summary>The shipment's id, <c>{order}/{n}</c>; the ledger hold has the same id.</summary>
    public required string Id { get; init; }

    /// <summary>The location that ships it.</summary>
    public required LocationId Location { get; init; }

    /// <summary>The units it holds (after a short pick, the units picked).</summary>
    public required IReadOnlyList<FulfilmentLine> Lines { get; init; }

    /// <summary>Where it is.</summary>
    public required ShipmentStatus Status { get => _status; init => _status = value; }

    /// <summary>When its stock was reserved.</summary>
    public required Instant ReservedAt { get; init; }

    /// <summary>The location's local day whose daily capacity it uses, when the planner counts capacity.</summary>
    public LocalDate? IntakeDate { get; init; }

    /// <summary>The carrier service routing chose, when the planner chose one.</summary>
    public Network.CarrierService? Service { get; init; }

    /// <summary>The label the lifecycle bought for it, once bought (see <see cref="OrderLifecycleOptions.ShipFrom"/>).</summary>
    public ShippingLabel? Label { get => _seldom.Label; init { if (!SeldomFields.Same(_seldom.Label, value)) _seldom = _seldom with { Label = value }; } }

    /// <summary>Its planned shipping cost.</summary>
    public double ShippingCost { get; init; }

    /// <summary>The carrier, once dispatched.</summary>
    public string Carrier { get; init; } = "";

    /// <summary>The tracking number, once dispatched.</summary>
    public string TrackingNumber { get; init; } = "";

    /// <summary>When it left the location.</summary>
    public Instant? DispatchedAt { get; init; }

    /// <summary>When it was delivered.</summary>
    public Instant? DeliveredAt { get => _seldom.DeliveredAt; init { if (!SeldomFields.Same(_seldom.DeliveredAt, value)) _seldom = _seldom with { DeliveredAt = value }; } }

    /// <summary>The carrier's delivery promise, when it gave one.</summary>
    public Instant? ExpectedDeliveryBy { get => _seldom.ExpectedDeliveryBy; init { if (!SeldomFields.Same(_seldom.ExpectedDeliveryBy, value)) _seldom = _seldom with { ExpectedDeliveryBy = value }; } }

    /// <summary>Confirmations that arrived before the one they follow (a delivery before its dispatch); applied once it arrives.</summary>
    public IReadOnlyList<FulfilmentConfirmation> Parked { get => _seldom.Parked; init { if (!SeldomFields.Same(_seldom.Parked, value)) _seldom = _seldom with { Parked = value }; } }

    /// <summary>How many partial releases were sent to the ledger (numbers their idempotency keys).</summary>
    public int Releases { get => _seldom.Releases; init { if (!SeldomFields.Same(_seldom.Releases, value)) _seldom = _seldom with { Releases = value }; } }

    /// <summary>True while the shipment holds stock or is on its way: not cancelled and not rejected.</summary>
    public bool IsLive => Status is not (ShipmentStatus.Cancelled or ShipmentStatus.Rejected);

    /// <summary>True once it left the location.</summary>
    public bool HasLeft => Status is ShipmentStatus.Dispatched or ShipmentStatus.OutForDelivery or ShipmentStatus.Delivered;

    /// <summary>The units of one order line in it.</summary>
    public int UnitsOf(string lineId)
    {
        var units = 0;
        for (var i = 0; i < Lines.Count; i++)
            if (Lines[i] is var line && line.LineId == lineId) units += line.Quantity;
        return units;
    }

    // ---- changes in place, for the lifecycle only -------------------------------------------------------------------
    // As with TrackedOrder's drafts: a shipment the lifecycle made in the running command (routing reserved it) and
    // nobody else has seen yet is a draft, so that the same command can move it on (reserved → submitting) without a
    // copy. Storing or showing the order seals its shipments (TrackedOrder.Seal, SealAs).

    private ShipmentStatus _status;
    private bool _draft;

    // ---- what few shipments need, or need late ----------------------------------------------------------------------
    // A label, parked confirmations and partial releases are rare; the delivery promise and time come at the end. They
    // live in one shared object (Seldom.None until one is set) rather than in every copy of every shipment: a copy is
    // made per status change, and each is then 60 bytes smaller. Equality is unchanged (Seldom is a record).

    private Seldom _seldom = Seldom.None;

    private sealed record Seldom
    {
        public static readonly Seldom None = new();

        public ShippingLabel? Label { get; init; }
        public Instant? DeliveredAt { get; init; }
        public Instant? ExpectedDeliveryBy { get; init; }
        public IReadOnlyList<FulfilmentConfirmation> Parked { get; init; } = [];
        public int Releases { get; init; }
    }

    /// <summary>A new draft shipment, just reserved by the running command.</summary>
    internal static TrackedShipment NewDraft(string id, LocationId location, IReadOnlyList<FulfilmentLine> lines, Instant reservedAt,
        double shippingCost, LocalDate? intakeDate, Network.CarrierService? service) =>
        new()
        {
            Id = id, Location = location, Lines = lines, Status = ShipmentStatus.Reserved, ReservedAt = reservedAt,
            ShippingCost = shippingCost, IntakeDate = intakeDate, Service = service, _draft = true,
        };

    /// <summary>True while the running command may still change this shipment in place.</summary>
    internal bool IsDraft => _draft;

    /// <summary>Ends the changes of a draft (its order is being stored or shown).</summary>
    internal void Seal() => _draft = false;

    /// <summary>Changes the status of a draft.</summary>
    internal void SetStatus(ShipmentStatus value)
    {
        if (!_draft) throw new InvalidOperationException("only a draft of a shipment changes in place"); // a bug, never input
        _status = value;
    }
}
