namespace OrderRouting.Returns;

/// <summary>
/// Places the replacement order of an exchange, which then goes through routing like any other order: the host
/// implements it (usually by feeding the order back into its own order intake).
/// </summary>
public interface IExchangeOrderGateway
{
    /// <summary>
    /// Places the exchange order. A refusal is a result (<see cref="ExchangePlacement.Placed"/> false); throwing means
    /// "outcome unknown" and a retry reuses the same <see cref="ExchangeOrderRequest.IdempotencyKey"/>.
    /// </summary>
    ValueTask<ExchangePlacement> PlaceAsync(ExchangeOrderRequest request, CancellationToken cancellationToken = default);
}

/// <summary>One replacement: units of a product in exchange for units of a returned line.</summary>
/// <param name="ReturnedLineId">The order line returned.</param>
/// <param name="Replacement">The product to send instead (another size, the same product).</param>
/// <param name="Quantity">Units, at least 1 and at most the line's units that qualify for resolution.</param>
public sealed record ExchangeLine(string ReturnedLineId, Sku Replacement, int Quantity);

/// <summary>An exchange order to place.</summary>
/// <param name="IdempotencyKey">Stable across retries of one attempt, e.g. <c>R-000001:exchange:1</c>.</param>
/// <param name="Return">The return.</param>
/// <param name="Rma">Its RMA number.</param>
/// <param name="OriginalOrder">The order the returned lines came from (channel, ship-to, prices paid).</param>
/// <param name="Lines">The replacements.</param>
/// <param name="AdvanceHold">For an advance exchange, the stock hold already made for the replacement; otherwise null.</param>
public sealed record ExchangeOrderRequest(string IdempotencyKey, ReturnId Return, string Rma, Orders.Order OriginalOrder, IReadOnlyList<ExchangeLine> Lines, HoldId? AdvanceHold);

/// <summary>What became of an exchange order.</summary>
/// <param name="Placed">True when the order was placed.</param>
/// <param name="Order">The new order's id when placed; <c>default</c> otherwise.</param>
/// <param name="Reason">Why it was not placed; empty when placed.</param>
public sealed record ExchangePlacement(bool Placed, OrderId Order, string Reason)
{
    /// <summary>The exchange order was placed.</summary>
    public static ExchangePlacement Success(OrderId order) => new(true, order, "");

    /// <summary>The exchange order was refused.</summary>
    public static ExchangePlacement Refused(string reason) => new(false, default, reason);
}
