using NodaTime;
using OrderRouting.Connectors;

namespace OrderRouting.Lifecycle;

/// <summary>
/// What a fulfilment provider reports about a shipment. Confirmations may arrive twice or out of order: a repeat
/// changes nothing, a confirmation that arrives before the one it follows waits for it.
/// </summary>
/// <param name="Shipment">The shipment's id, as in <see cref="FulfilmentInstruction.Shipment"/>.</param>
/// <param name="At">When it happened at the provider.</param>
public abstract record FulfilmentConfirmation(string Shipment, Instant At);

/// <summary>The shipment was picked. Lines picked short (or missing) are re-routed for the missing units.</summary>
/// <param name="Shipment">The shipment.</param>
/// <param name="At">When.</param>
/// <param name="Picked">Units picked per line; a line not named was not picked at all.</param>
public sealed record PickedConfirmation(string Shipment, Instant At, IReadOnlyList<FulfilmentLine> Picked) : FulfilmentConfirmation(Shipment, At);

/// <summary>The shipment left the location with a carrier. Implies it was picked in full if no pick was confirmed.</summary>
/// <param name="Shipment">The shipment.</param>
/// <param name="At">When.</param>
/// <param name="Carrier">The carrier's code.</param>
/// <param name="TrackingNumber">The tracking number.</param>
/// <param name="ExpectedDeliveryBy">The carrier's delivery promise, when known (for the on-time rate).</param>
public sealed record DispatchedConfirmation(string Shipment, Instant At, string Carrier, string TrackingNumber, Instant? ExpectedDeliveryBy = null)
    : FulfilmentConfirmation(Shipment, At);

/// <summary>The shipment is out for delivery.</summary>
/// <param name="Shipment">The shipment.</param>
/// <param name="At">When.</param>
public sealed record OutForDeliveryConfirmation(string Shipment, Instant At) : FulfilmentConfirmation(Shipment, At);

/// <summary>The shipment was delivered.</summary>
/// <param name="Shipment">The shipment.</param>
/// <param name="At">When.</param>
public sealed record DeliveredConfirmation(string Shipment, Instant At) : FulfilmentConfirmation(Shipment, At);
