using OrderRouting.Orders;

namespace OrderRouting.Connectors;

/// <summary>
/// A location's fulfilment: the own warehouse's WMS, a store, or a 3PL. Instructions go out through it; its
/// confirmations come back through <see cref="Lifecycle.OrderLifecycle.ConfirmAsync"/>. The host implements it and
/// registers it with <c>AddFulfilmentProvider&lt;T&gt;()</c>.
/// </summary>
public interface IFulfilmentProvider
{
    /// <summary>The locations this provider fulfils from; each location has exactly one provider.</summary>
    IReadOnlyCollection<LocationId> Locations { get; }

    /// <summary>
    /// Sends a pick-pack-ship instruction. Sending the same <see cref="FulfilmentInstruction.Shipment"/> again must be
    /// harmless. Returns whether the provider took the instruction; throwing means "not sent" and it is sent again later.
    /// </summary>
    ValueTask<FulfilmentReceipt> SubmitAsync(FulfilmentInstruction instruction, CancellationToken cancellationToken = default);

    /// <summary>Asks the provider to stop a shipment (the customer cancelled). Throwing means "not sent"; it is sent again later.</summary>
    ValueTask CancelAsync(string shipment, CancellationToken cancellationToken = default);
}

/// <summary>A pick-pack-ship instruction for one shipment.</summary>
/// <param name="Shipment">The shipment's id, stable across retries, e.g. <c>web-1001/1</c>.</param>
/// <param name="Location">Where to pick.</param>
/// <param name="Order">The order (ship-to, channel attributes, contact).</param>
/// <param name="Lines">What to pick.</param>
public sealed record FulfilmentInstruction(string Shipment, LocationId Location, Order Order, IReadOnlyList<FulfilmentLine> Lines)
{
    /// <summary>The carrier service routing chose for the shipment (cheapest, or best scored), when the planner says.</summary>
    public Network.CarrierService? Service { get; init; }

    /// <summary>The label the lifecycle bought for it (<see cref="Lifecycle.OrderLifecycleOptions.ShipFrom"/>), or null
    /// when the provider makes its own.</summary>
    public ShippingLabel? Label { get; init; }
}

/// <summary>Units of one order line in one shipment.</summary>
/// <remarks>A value type: every shipment of a day keeps its lines, and as values they live inside the shipment's list
/// rather than as one object each. <c>default</c> names no line (<see cref="LineId"/> is null) and matches none.</remarks>
/// <param name="LineId">The order line.</param>
/// <param name="Sku">The product.</param>
/// <param name="Quantity">Units, at least 1.</param>
public readonly record struct FulfilmentLine(string LineId, Sku Sku, int Quantity);

/// <summary>The provider's answer to an instruction.</summary>
/// <param name="Accepted">True when the provider will fulfil it.</param>
/// <param name="Reason">Why it was refused; empty when accepted.</param>
/// <param name="AddressRefused">True when the refusal is about the ship-to address (the carrier refuses it).</param>
public sealed record FulfilmentReceipt(bool Accepted, string Reason = "", bool AddressRefused = false)
{
    /// <summary>The provider took the instruction.</summary>
    public static FulfilmentReceipt Accept { get; } = new(true);
}
