using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Lifecycle;
using OrderRouting.Orders;

namespace OrderRouting.Events;

/// <summary>
/// Something that happened to an order. <see cref="OrderLifecycle.Events"/> publishes them in the order they
/// happened; the operational report is a pure function over them.
/// </summary>
/// <param name="Order">The order concerned.</param>
/// <param name="At">When, by the lifecycle's clock.</param>
public abstract record OrderEvent(OrderId Order, Instant At);

/// <summary>An order was ingested and acknowledged (a duplicate delivery raises none).</summary>
/// <param name="Order">The order's id.</param>
/// <param name="At">When it was acknowledged.</param>
/// <param name="Placed">The order as placed.</param>
public sealed record OrderReceived(OrderId Order, Instant At, Order Placed) : OrderEvent(Order, At);

/// <summary>The order's state changed.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="From">The state before.</param>
/// <param name="Trigger">What moved it.</param>
/// <param name="To">The state after.</param>
public sealed record OrderStateChanged(OrderId Order, Instant At, OrderState From, OrderTrigger Trigger, OrderState To) : OrderEvent(Order, At);

/// <summary>Units were routed: new shipments hold stock, and perhaps some units are backordered.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Shipments">The shipments made by this routing.</param>
/// <param name="Backordered">Units no location could hold.</param>
/// <param name="IsFirst">True for the order's first routing (fill and split rates count only this one).</param>
/// <param name="PromisedBy">The planner's delivery promise, when it made one.</param>
public sealed record OrderRouted(OrderId Order, Instant At, IReadOnlyList<PlannedShipment> Shipments, IReadOnlyList<FulfilmentLine> Backordered, bool IsFirst, Instant? PromisedBy)
    : OrderEvent(Order, At);

/// <summary>A shipment's instruction was taken by its provider.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Shipment">The shipment.</param>
/// <param name="Location">Its location.</param>
public sealed record ShipmentReleased(OrderId Order, Instant At, string Shipment, LocationId Location) : OrderEvent(Order, At);

/// <summary>The lifecycle bought a shipping label for a shipment, before sending its instruction.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Shipment">The shipment.</param>
/// <param name="Label">The label (carrier, tracking number, document).</param>
public sealed record ShipmentLabelled(OrderId Order, Instant At, string Shipment, ShippingLabel Label) : OrderEvent(Order, At);

/// <summary>A shipment was picked.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When (the provider's time).</param>
/// <param name="Shipment">The shipment.</param>
/// <param name="Location">Its location.</param>
/// <param name="Short">Units not picked, re-routed elsewhere; empty for a full pick.</param>
public sealed record ShipmentPicked(OrderId Order, Instant At, string Shipment, LocationId Location, IReadOnlyList<FulfilmentLine> Short) : OrderEvent(Order, At);

/// <summary>A shipment left its location; its hold was committed.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When (the provider's time).</param>
/// <param name="Shipment">The shipment.</param>
/// <param name="Location">Its location.</param>
/// <param name="Lines">The units shipped.</param>
/// <param name="Carrier">The carrier.</param>
/// <param name="TrackingNumber">The tracking number.</param>
/// <param name="ShippingCost">The shipment's planned cost.</param>
/// <param name="PlacedAt">When the order was placed (fulfilment time is <c>At - PlacedAt</c>).</param>
public sealed record ShipmentDispatched(
    OrderId Order, Instant At, string Shipment, LocationId Location, IReadOnlyList<FulfilmentLine> Lines, string Carrier, string TrackingNumber,
    double ShippingCost, Instant PlacedAt) : OrderEvent(Order, At);

/// <summary>A shipment was delivered.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When (the provider's time).</param>
/// <param name="Shipment">The shipment.</param>
/// <param name="Carrier">The carrier.</param>
/// <param name="OnTime">True when delivered by the carrier's promise; null when the carrier made none.</param>
public sealed record ShipmentDelivered(OrderId Order, Instant At, string Shipment, string Carrier, bool? OnTime) : OrderEvent(Order, At);

/// <summary>Units were cancelled before dispatch (their holds released).</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Lines">The units cancelled.</param>
public sealed record LinesCancelled(OrderId Order, Instant At, IReadOnlyList<FulfilmentLine> Lines) : OrderEvent(Order, At);

/// <summary>A return was requested for dispatched units (a cancellation after dispatch, or the customer's return).</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Channel">The order's channel.</param>
/// <param name="Lines">The units to come back.</param>
/// <param name="ReasonCode">Why.</param>
/// <param name="IdempotencyKey">The key the return was opened with.</param>
public sealed record ReturnRequested(OrderId Order, Instant At, ChannelId Channel, IReadOnlyList<FulfilmentLine> Lines, string ReasonCode, string IdempotencyKey)
    : OrderEvent(Order, At);

/// <summary>The returns port answered a return request.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="IdempotencyKey">The request's key.</param>
/// <param name="Return">The return's id; default when refused.</param>
/// <param name="Accepted">Whether a return was opened.</param>
/// <param name="Reason">Why it was refused; empty when accepted.</param>
public sealed record ReturnAnswered(OrderId Order, Instant At, string IdempotencyKey, ReturnId Return, bool Accepted, string Reason) : OrderEvent(Order, At);

/// <summary>An exception was flagged, and what the policies decided.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Exception">The exception with its context.</param>
public sealed record ExceptionFlagged(OrderId Order, Instant At, OrderException Exception) : OrderEvent(Order, At);

/// <summary>An exception could not be resolved automatically: an operator must act.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Exception">The exception with its context.</param>
public sealed record ExceptionEscalated(OrderId Order, Instant At, OrderException Exception) : OrderEvent(Order, At);

/// <summary>An open exception was resolved (stock arrived, the order was re-routed or cancelled).</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Cause">The cause that was open.</param>
public sealed record ExceptionResolved(OrderId Order, Instant At, ExceptionCause Cause) : OrderEvent(Order, At);

/// <summary>A customer notification was made (it is delivered at least once with <see cref="CustomerNotification.Key"/>).</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Notification">The notification.</param>
public sealed record NotificationQueued(OrderId Order, Instant At, CustomerNotification Notification) : OrderEvent(Order, At);

/// <summary>A call to a host adapter failed; the effect stays in the outbox and is tried again.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Adapter">Which adapter: <c>fulfilment</c>, <c>notifications</c> or <c>returns</c>.</param>
/// <param name="Message">The exception's message.</param>
public sealed record AdapterCallFailed(OrderId Order, Instant At, string Adapter, string Message) : OrderEvent(Order, At);

/// <summary>The shadow (candidate) planner's plan for an order beside the live one; never acted on.</summary>
/// <param name="Order">The order.</param>
/// <param name="At">When.</param>
/// <param name="Live">The live plan.</param>
/// <param name="Shadow">The candidate's plan for the same order and stock.</param>
public sealed record ShadowRouted(OrderId Order, Instant At, ShipmentPlan Live, ShipmentPlan Shadow) : OrderEvent(Order, At);
