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
    public required ShipmentStatus Status { get; init; }

    /// <summary>When its stock was reserved.</summary>
    public required Instant ReservedAt { get; init; }

    /// <summary>The location's local day whose daily capacity it uses, when the planner counts capacity.</summary>
    public LocalDate? IntakeDate { get; init; }

    /// <summary>The carrier service routing chose, when the planner chose one.</summary>
    public Network.CarrierService? Service { get; init; }

    /// <summary>The label the lifecycle bought for it, once bought (see <see cref="OrderLifecycleOptions.ShipFrom"/>).</summary>
    public ShippingLabel? Label { get; init; }

    /// <summary>Its planned shipping cost.</summary>
    public double ShippingCost { get; init; }

    /// <summary>The carrier, once dispatched.</summary>
    public string Carrier { get; init; } = "";

    /// <summary>The tracking number, once dispatched.</summary>
    public string TrackingNumber { get; init; } = "";

    /// <summary>When it left the location.</summary>
    public Instant? DispatchedAt { get; init; }

    /// <summary>When it was delivered.</summary>
    public Instant? DeliveredAt { get; init; }

    /// <summary>The carrier's delivery promise, when it gave one.</summary>
    public Instant? ExpectedDeliveryBy { get; init; }

    /// <summary>Confirmations that arrived before the one they follow (a delivery before its dispatch); applied once it arrives.</summary>
    public IReadOnlyList<FulfilmentConfirmation> Parked { get; init; } = [];

    /// <summary>How many partial releases were sent to the ledger (numbers their idempotency keys).</summary>
    public int Releases { get; init; }

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
}
