using NodaTime;
using OrderRouting.Orders;
using OrderRouting.Returns.Tests.Support;

namespace OrderRouting.Returns.Tests.Policy;

public class DefaultReturnPolicyTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];
    private static readonly LocalDate Delivered = new(2026, 11, 1);

    private static DefaultReturnPolicy Policy(Action<ReturnPolicyOptions>? configure = null, Action<AdvanceExchangeOptions>? advance = null)
    {
        var options = new ReturnPolicyOptions();
        options.AutoAuthoriseUpTo[Currency.Of("EUR")] = 100m;
        configure?.Invoke(options);
        var advanceOptions = new AdvanceExchangeOptions();
        advance?.Invoke(advanceOptions);
        return new DefaultReturnPolicy(options, advanceOptions);
    }

    private static ReturnOpening Request(string channel = "web", string reason = "changed-mind", LocalDate? delivered = null, params ReturnedLine[] lines) =>
        new("k", ReturnsFixture.Order(channel: channel), lines.Length == 0 ? [new ReturnedLine("1", 1)] : lines, reason, delivered ?? Delivered);

    // 30 days from 1 November: the last day is 1 December; the window closes at midnight starting 2 December.
    [Theory]
    [InlineData("UTC", 2026, 12, 1, 23, 59, true)]
    [InlineData("UTC", 2026, 12, 2, 0, 0, false)]
    [InlineData("Europe/Berlin", 2026, 12, 1, 22, 59, true)]   // 23:59 in Berlin
    [InlineData("Europe/Berlin", 2026, 12, 1, 23, 0, false)]   // midnight in Berlin, still 1 December in UTC
    [InlineData("America/Los_Angeles", 2026, 12, 2, 7, 59, true)]  // 23:59 on 1 December in Los Angeles
    [InlineData("America/Los_Angeles", 2026, 12, 2, 8, 0, false)]
    public void Assess_WindowBoundaryInChannelZone_OpenUntilMidnightAfterTheLastDay(
        string zone, int year, int month, int day, int hour, int minute, bool eligible)
    {
        var policy = Policy(o => o.ChannelTimeZones[ChannelId.Of("web")] = DateTimeZoneProviders.Tzdb[zone]);
        var verdict = policy.Assess(Request(), Instant.FromUtc(year, month, day, hour, minute));
        Assert.Equal(eligible, verdict.Eligible);
        if (!eligible) Assert.Equal($"the return window of line 1 ended at 2026-12-02 00:00 {zone}", verdict.Reason);
    }

    [Fact]
    public void Assess_WindowEndingOnDstChange_UsesTheZonesMidnight()
    {
        // Berlin leaves summer time on 25 October 2026: a window ending on 24 October closes at 22:00 UTC, one
        // ending on 25 October at 23:00 UTC.
        var policy = Policy(o =>
        {
            o.TimeZone = Berlin;
            o.Window = Period.FromDays(10);
        });
        Assert.True(policy.Assess(Request(delivered: new LocalDate(2026, 10, 14)), Instant.FromUtc(2026, 10, 24, 21, 59)).Eligible);
        Assert.False(policy.Assess(Request(delivered: new LocalDate(2026, 10, 14)), Instant.FromUtc(2026, 10, 24, 22, 0)).Eligible);
        Assert.True(policy.Assess(Request(delivered: new LocalDate(2026, 10, 15)), Instant.FromUtc(2026, 10, 25, 22, 59)).Eligible);
        Assert.False(policy.Assess(Request(delivered: new LocalDate(2026, 10, 15)), Instant.FromUtc(2026, 10, 25, 23, 0)).Eligible);
    }

    [Fact]
    public void Assess_ProductWindowAndChannelWindow_ProductWinsThenChannelThenDefault()
    {
        var policy = Policy(o =>
        {
            o.ChannelWindows[ChannelId.Of("marketplace")] = Period.FromDays(14);
            o.ProductWindows[Sku.Of("SKU-B")] = Period.FromDays(60);
        });
        var day20 = Instant.FromUtc(2026, 11, 21, 12, 0);
        Assert.True(policy.Assess(Request("web"), day20).Eligible);
        Assert.False(policy.Assess(Request("marketplace"), day20).Eligible);
        Assert.True(policy.Assess(Request("marketplace", lines: new ReturnedLine("2", 1)), day20).Eligible);
        Assert.True(policy.Assess(Request("web", lines: new ReturnedLine("2", 1)), Instant.FromUtc(2026, 12, 31, 12, 0)).Eligible);
    }

    [Fact]
    public void Assess_DeliveryDateUnknown_CountsFromTheOrderDateInTheZone()
    {
        var policy = Policy(o => o.Window = Period.FromDays(1));
        var request = Request() with { DeliveredOn = null };   // placed 22 November 09:00 UTC
        Assert.True(policy.Assess(request, Instant.FromUtc(2026, 11, 23, 23, 59)).Eligible);
        Assert.False(policy.Assess(request, Instant.FromUtc(2026, 11, 24, 0, 0)).Eligible);
    }

    [Theory]
    [InlineData(99.99, true)]
    [InlineData(100.00, true)]
    [InlineData(100.01, false)]
    public void Assess_ValueAroundAutoAuthorisationLimit_AutoAuthorisesAtOrBelow(decimal price, bool auto)
    {
        var order = ReturnsFixture.Order() with { Lines = [new OrderLine("1", Sku.Of("SKU-A"), 1, Money.Of(price, "EUR"))] };
        var verdict = Policy().Assess(new ReturnOpening("k", order, [new ReturnedLine("1", 1)], "changed-mind", Delivered), Instant.FromUtc(2026, 11, 2, 0, 0));
        Assert.True(verdict.Eligible);
        Assert.Equal(auto, verdict.AutoAuthorise);
        Assert.Equal(
            auto ? $"value {price} EUR is within the automatic authorisation limit of 100 EUR"
                 : $"value {price} EUR is above the automatic authorisation limit of 100 EUR: manual review",
            verdict.Reason);
    }

    [Fact]
    public void Assess_CurrencyWithoutLimitOrReviewReason_GoesToManualReview()
    {
        var usd = ReturnsFixture.Order() with { Lines = [new OrderLine("1", Sku.Of("SKU-A"), 1, Money.Of(1m, "USD"))], ShippingCharge = null };
        var verdict = Policy().Assess(new ReturnOpening("k", usd, [new ReturnedLine("1", 1)], "changed-mind", Delivered), Instant.FromUtc(2026, 11, 2, 0, 0));
        Assert.Equal((true, false, "no automatic authorisation in USD: manual review"), (verdict.Eligible, verdict.AutoAuthorise, verdict.Reason));

        var review = Policy(o => o.ManualReviewReasonCodes.Add("damaged")).Assess(Request(reason: "damaged"), Instant.FromUtc(2026, 11, 2, 0, 0));
        Assert.Equal((true, false), (review.Eligible, review.AutoAuthorise));
    }

    [Fact]
    public void Assess_NonReturnableProductHandlingOrUnknownReason_Refused()
    {
        var now = Instant.FromUtc(2026, 11, 2, 0, 0);
        Assert.Equal("product SKU-A (line 1) is not returnable",
            Policy(o => o.NonReturnableProducts.Add(Sku.Of("SKU-A"))).Assess(Request(), now).Reason);
        var hygiene = ReturnsFixture.Order() with { Lines = [new OrderLine("1", Sku.Of("EAR-1"), 1, Money.Of(9m, "EUR"), ["hygiene"])] };
        Assert.Equal("product EAR-1 (line 1) is not returnable: hygiene",
            Policy(o => o.NonReturnableHandling.Add("hygiene")).Assess(new ReturnOpening("k", hygiene, [new ReturnedLine("1", 1)], "changed-mind", Delivered), now).Reason);
        Assert.Equal("reason code \"bored\" is not accepted", Policy().Assess(Request(reason: "bored"), now).Reason);
    }

    [Theory]
    [InlineData("changed-mind", 10, 6.00)]     // 10 % of 60
    [InlineData("defective", 10, 0.00)]        // waived: the seller's fault
    [InlineData("changed-mind", 0, 0.00)]
    [InlineData("changed-mind", 12.345, 7.41)] // 7.407 rounded to cents
    public void QuoteRefund_RestockingFee_PercentOfLinesUnlessWaived(string reason, decimal percent, decimal fee)
    {
        var order = ReturnsFixture.Order();
        var quote = Policy(o => o.RestockingFeePercent = percent)
            .QuoteRefund(new RefundQuoteRequest(order, reason, [new RefundableUnits(order.Lines[0], 3)], WholeOrderReturned: false));
        Assert.Equal(Money.Of(60m, "EUR"), quote.Lines);
        Assert.Equal(Money.Of(fee, "EUR"), quote.RestockingFee);
        Assert.Equal(Money.Of(60m - fee, "EUR"), quote.Total);
    }

    [Theory]
    [InlineData(ShippingRefund.Never, true, 0)]
    [InlineData(ShippingRefund.WhenWholeOrderReturned, false, 0)]
    [InlineData(ShippingRefund.WhenWholeOrderReturned, true, 4.90)]
    [InlineData(ShippingRefund.Always, false, 4.90)]
    public void QuoteRefund_ShippingRule_RefundsShippingAsConfigured(ShippingRefund rule, bool whole, decimal shipping)
    {
        var order = ReturnsFixture.Order();
        var quote = Policy(o => o.RefundShipping = rule)
            .QuoteRefund(new RefundQuoteRequest(order, "changed-mind", [new RefundableUnits(order.Lines[1], 1)], whole));
        Assert.Equal(Money.Of(shipping, "EUR"), quote.Shipping);
    }

    [Fact]
    public void RefuseAdvanceExchange_ChannelNotOffering_Refused()
    {
        var policy = Policy(advance: a =>
        {
            a.Enabled = true;
            a.MaxValue[Currency.Of("EUR")] = 500m;
            a.Channels.Add(ChannelId.Of("web"));
        });
        Assert.Null(policy.RefuseAdvanceExchange(Request("web")));
        Assert.Equal("channel marketplace does not offer advance exchanges", policy.RefuseAdvanceExchange(Request("marketplace")));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => Policy(o =>
        {
            o.ReasonCodes.Clear();
            o.ChannelWindows[ChannelId.Of("web")] = Period.Zero;
        }));
        Assert.Equal(
            $"Returns.Policy.ChannelWindows[web]: must be a positive number of days, weeks, months or years, was {Period.Zero}; " +
            "Returns.Policy.ReasonCodes: at least one reason code is required (Parameter 'policy')", error.Message);
    }
}
