using NodaTime;
using OrderRouting.Orders;

namespace OrderRouting.Ports;

/// <summary>
/// The port through which the order lifecycle opens a return (a cancellation after dispatch, a customer's return
/// request). The Returns package implements it.
/// </summary>
public interface IReturnsPort
{
    /// <summary>Opens a return for lines of a dispatched order. Idempotent by <see cref="ReturnOpening.IdempotencyKey"/>.</summary>
    ValueTask<ReturnOpened> OpenAsync(ReturnOpening request, CancellationToken cancellationToken = default);
}

/// <summary>A request to return lines of an order.</summary>
/// <param name="IdempotencyKey">Identifies this request for retries.</param>
/// <param name="Order">The order as placed (prices paid, channel, ship-to).</param>
/// <param name="Lines">Which lines and how many units of each.</param>
/// <param name="ReasonCode">The customer's reason, e.g. <c>damaged</c>, <c>wrong-size</c>, <c>cancelled-after-dispatch</c>.</param>
/// <param name="DeliveredOn">The delivery date the return window counts from, when known.</param>
/// <param name="ShippedFrom">The location that shipped the lines, when known.</param>
public sealed record ReturnOpening(
    string IdempotencyKey, Order Order, IReadOnlyList<ReturnedLine> Lines, string ReasonCode, LocalDate? DeliveredOn, LocationId? ShippedFrom = null);

/// <summary>Units of one order line to return.</summary>
/// <param name="LineId">The order line.</param>
/// <param name="Quantity">Units, at least 1 and at most what was shipped.</param>
public sealed record ReturnedLine(string LineId, int Quantity);

/// <summary>What became of a return request.</summary>
/// <param name="Return">The return's id; <c>default</c> when refused.</param>
/// <param name="Accepted">True when a return was opened (now or by an earlier call with the same key).</param>
/// <param name="Reason">Why it was refused (outside the window, not returnable, ...); empty when accepted.</param>
public sealed record ReturnOpened(ReturnId Return, bool Accepted, string Reason);
