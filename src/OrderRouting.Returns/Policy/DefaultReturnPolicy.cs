using NodaTime;
using OrderRouting.Orders;
using OrderRouting.Ports;

namespace OrderRouting.Returns;

/// <summary>The return policy configured by <see cref="ReturnPolicyOptions"/> and <see cref="AdvanceExchangeOptions"/>.</summary>
/// <remarks>Copies the options when created, so later changes to them have no effect. Thread-safe.</remarks>
internal sealed class DefaultReturnPolicy : IReturnPolicy
{
    private readonly Period _window;
    private readonly Dictionary<ChannelId, Period> _channelWindows;
    private readonly Dictionary<Sku, Period> _productWindows;
    private readonly DateTimeZone _zone;
    private readonly Dictionary<ChannelId, DateTimeZone> _channelZones;
    private readonly HashSet<Sku> _nonReturnable;
    private readonly HashSet<string> _nonReturnableHandling;
    private readonly HashSet<string> _reasonCodes;
    private readonly Dictionary<Currency, decimal> _autoAuthoriseUpTo;
    private readonly HashSet<string> _manualReview;
    private readonly decimal _feePercent;
    private readonly HashSet<string> _feeWaived;
    private readonly ShippingRefund _shipping;
    private readonly Duration _shipWithin;
    private readonly HashSet<InspectionOutcome> _resolvable;
    private readonly AdvanceExchangeOptions _advance;
    private readonly Dictionary<Currency, decimal> _advanceMax;
    private readonly HashSet<ChannelId> _advanceChannels;

    public DefaultReturnPolicy(ReturnPolicyOptions policy, AdvanceExchangeOptions advanceExchange)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(advanceExchange);
        var problems = new List<string>();
        policy.Validate(problems);
        advanceExchange.Validate(problems);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(policy));

        _window = policy.Window;
        _channelWindows = new(policy.ChannelWindows);
        _productWindows = new(policy.ProductWindows);
        _zone = policy.TimeZone;
        _channelZones = new(policy.ChannelTimeZones);
        _nonReturnable = [.. policy.NonReturnableProducts];
        _nonReturnableHandling = new(policy.NonReturnableHandling, StringComparer.Ordinal);
        _reasonCodes = new(policy.ReasonCodes, StringComparer.Ordinal);
        _autoAuthoriseUpTo = new(policy.AutoAuthoriseUpTo);
        _manualReview = new(policy.ManualReviewReasonCodes, StringComparer.Ordinal);
        _feePercent = policy.RestockingFeePercent;
        _feeWaived = new(policy.RestockingFeeWaivedFor, StringComparer.Ordinal);
        _shipping = policy.RefundShipping;
        _shipWithin = policy.ShipWithin;
        _resolvable = [.. policy.RefundableOutcomes];
        _advance = advanceExchange;
        _advanceMax = new(advanceExchange.MaxValue);
        _advanceChannels = [.. advanceExchange.Channels];
    }

    public ReturnEligibility Assess(ReturnOpening request, Instant now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_reasonCodes.Contains(request.ReasonCode))
            return ReturnEligibility.Refused($"reason code \"{request.ReasonCode}\" is not accepted");

        var order = request.Order;
        var zone = _channelZones.GetValueOrDefault(order.Channel) ?? _zone;
        var counted = request.DeliveredOn ?? order.PlacedAt.InZone(zone).Date;
        foreach (var returned in request.Lines)
        {
            var line = FindLine(order, returned.LineId);
            if (_nonReturnable.Contains(line.Sku)) return ReturnEligibility.Refused($"product {line.Sku} (line {line.LineId}) is not returnable");
            var tag = line.Handling.FirstOrDefault(_nonReturnableHandling.Contains);
            if (tag is not null) return ReturnEligibility.Refused($"product {line.Sku} (line {line.LineId}) is not returnable: {tag}");
            var deadline = WindowEnd(order.Channel, line.Sku, counted, zone);
            if (now >= deadline)
                return ReturnEligibility.Refused(
                    $"the return window of line {line.LineId} ended at {deadline.InZone(zone).LocalDateTime:uuuu-MM-dd HH:mm} {zone.Id}");
        }

        if (_manualReview.Contains(request.ReasonCode))
            return new ReturnEligibility(true, false, $"reason code \"{request.ReasonCode}\" always goes to manual review");
        var value = ValueOf(request);
        if (!_autoAuthoriseUpTo.TryGetValue(value.Currency, out var limit))
            return new ReturnEligibility(true, false, $"no automatic authorisation in {value.Currency}: manual review");
        return value.Amount <= limit
            ? new ReturnEligibility(true, true, $"value {value} is within the automatic authorisation limit of {limit} {value.Currency}")
            : new ReturnEligibility(true, false, $"value {value} is above the automatic authorisation limit of {limit} {value.Currency}: manual review");
    }

    /// <summary>The instant the window of a product ends: midnight after its last day, in the channel's zone.</summary>
    internal Instant WindowEnd(ChannelId channel, Sku sku, LocalDate counted, DateTimeZone zone)
    {
        var window = _productWindows.GetValueOrDefault(sku) ?? _channelWindows.GetValueOrDefault(channel) ?? _window;
        return counted.Plus(window).PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
    }

    public Instant ShipBy(ReturnOpening request, Instant authorisedAt) => authorisedAt + _shipWithin;

    public RefundQuote QuoteRefund(RefundQuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var currency = request.Order.Lines[0].UnitPrice.Currency;
        var lines = Money.Zero(currency);
        foreach (var units in request.Lines) lines += units.Line.UnitPrice * units.Quantity;
        var fee = _feeWaived.Contains(request.ReasonCode)
            ? Money.Zero(currency)
            : new Money(decimal.Round(lines.Amount * _feePercent / 100m, 2, MidpointRounding.AwayFromZero), currency);
        var refundShipping = _shipping == ShippingRefund.Always || (_shipping == ShippingRefund.WhenWholeOrderReturned && request.WholeOrderReturned);
        var shipping = refundShipping && request.Order.ShippingCharge is { } charge ? charge : Money.Zero(currency);
        return new RefundQuote(lines, fee, shipping);
    }

    public string? RefuseAdvanceExchange(ReturnOpening request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_advance.Enabled) return "advance exchanges are not enabled";
        if (_advanceChannels.Count > 0 && !_advanceChannels.Contains(request.Order.Channel))
            return $"channel {request.Order.Channel} does not offer advance exchanges";
        var value = ValueOf(request);
        if (!_advanceMax.TryGetValue(value.Currency, out var max)) return $"no advance exchanges in {value.Currency}";
        return value.Amount <= max ? null : $"value {value} is above the advance exchange limit of {max} {value.Currency}";
    }

    public bool IsResolvable(InspectionOutcome outcome, string reasonCode) => _resolvable.Contains(outcome);

    /// <summary>The price paid for the returned units.</summary>
    internal static Money ValueOf(ReturnOpening request)
    {
        var currency = request.Order.Lines[0].UnitPrice.Currency;
        var value = Money.Zero(currency);
        foreach (var returned in request.Lines) value += FindLine(request.Order, returned.LineId).UnitPrice * returned.Quantity;
        return value;
    }

    private static OrderLine FindLine(Order order, string lineId) =>
        order.Lines.FirstOrDefault(l => l.LineId == lineId)
        ?? throw new ArgumentException($"order {order.Id} has no line \"{lineId}\"", nameof(lineId));
}
