using NodaTime;
using OrderRouting.Orders;
using OrderRouting.Ports;

namespace OrderRouting.Returns;

/// <summary>
/// The return policy: who may return what until when, what is authorised automatically, how much is refunded and
/// when an advance exchange is allowed. The default is configured by <see cref="ReturnPolicyOptions"/> and
/// <see cref="AdvanceExchangeOptions"/>; register your own implementation before <c>AddReturns</c> to replace it.
/// </summary>
/// <remarks>Implementations must be safe to call from many threads and must not do I/O.</remarks>
public interface IReturnPolicy
{
    /// <summary>Decides whether a request may be opened and whether it is authorised without review.</summary>
    ReturnEligibility Assess(ReturnOpening request, Instant now);

    /// <summary>The deadline by which an authorised return must be shipped; after it, the return expires.</summary>
    Instant ShipBy(ReturnOpening request, Instant authorisedAt);

    /// <summary>The refund for the units that qualify. The service never pays more than was paid, whatever this says.</summary>
    RefundQuote QuoteRefund(RefundQuoteRequest request);

    /// <summary>Null when an advance exchange may be made for the request; otherwise the reason it may not.</summary>
    string? RefuseAdvanceExchange(ReturnOpening request);

    /// <summary>
    /// True when units inspected with <paramref name="outcome"/> are refunded (or credited, or exchanged) for a return
    /// given for <paramref name="reasonCode"/>. The service never resolves wrong items or missing units, whatever this says.
    /// </summary>
    bool IsResolvable(InspectionOutcome outcome, string reasonCode);
}

/// <summary>The policy's decision on a return request.</summary>
/// <param name="Eligible">True when the return may be opened.</param>
/// <param name="AutoAuthorise">True when it is authorised at once; false means manual review.</param>
/// <param name="Reason">Why: the refusal, or the rule that authorised it or sent it to review.</param>
public sealed record ReturnEligibility(bool Eligible, bool AutoAuthorise, string Reason)
{
    /// <summary>The request is refused.</summary>
    public static ReturnEligibility Refused(string reason) => new(false, false, reason);
}

/// <summary>What a refund is computed from.</summary>
/// <param name="Order">The order as placed.</param>
/// <param name="ReasonCode">The customer's reason code.</param>
/// <param name="Lines">Each returned line and the units of it that qualify.</param>
/// <param name="WholeOrderReturned">True when every unit of the order is in this return and qualifies.</param>
public sealed record RefundQuoteRequest(Order Order, string ReasonCode, IReadOnlyList<RefundableUnits> Lines, bool WholeOrderReturned);

/// <summary>Units of an order line that qualify for a refund.</summary>
/// <param name="Line">The order line (the unit price paid).</param>
/// <param name="Quantity">Units that qualify.</param>
public sealed record RefundableUnits(OrderLine Line, int Quantity);

/// <summary>A refund, itemised.</summary>
/// <param name="Lines">The price paid for the qualifying units.</param>
/// <param name="RestockingFee">Deducted (zero or positive).</param>
/// <param name="Shipping">The shipping charge refunded (zero when not refunded).</param>
public sealed record RefundQuote(Money Lines, Money RestockingFee, Money Shipping)
{
    /// <summary>Lines less the restocking fee plus shipping, never below zero.</summary>
    public Money Total
    {
        get
        {
            var total = Lines - RestockingFee + Shipping;
            return total.Amount < 0 ? Money.Zero(total.Currency) : total;
        }
    }
}
