using NodaTime;

namespace OrderRouting.Returns;

/// <summary>When the shipping charge of an order is refunded.</summary>
public enum ShippingRefund
{
    /// <summary>Never.</summary>
    Never,
    /// <summary>Only when the whole order comes back and qualifies.</summary>
    WhenWholeOrderReturned,
    /// <summary>Always, with any qualifying return (at most once per return).</summary>
    Always,
}

/// <summary>
/// The default return policy's settings. Every property documents its default. Windows are counted in calendar days
/// from the delivery date and end at midnight, in the channel's time zone, at the end of the last day.
/// </summary>
/// <remarks>Not thread-safe: configure at start-up; <see cref="ReturnsOptions"/> copies it when the service is built.</remarks>
public sealed class ReturnPolicyOptions
{
    /// <summary>The return window when neither the product nor the channel has its own.</summary>
    /// <value>The default value is 30 days.</value>
    public Period Window { get; set; } = Period.FromDays(30);

    /// <summary>Return windows per channel (e.g. a marketplace that mandates 14 days).</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<ChannelId, Period> ChannelWindows { get; } = new Dictionary<ChannelId, Period>();

    /// <summary>Return windows per product; a product's window wins over its channel's.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<Sku, Period> ProductWindows { get; } = new Dictionary<Sku, Period>();

    /// <summary>The time zone in which windows end when the channel has none of its own.</summary>
    /// <value>The default value is UTC.</value>
    public DateTimeZone TimeZone { get; set; } = DateTimeZone.Utc;

    /// <summary>Time zones per channel (the zone of the shop whose terms apply).</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<ChannelId, DateTimeZone> ChannelTimeZones { get; } = new Dictionary<ChannelId, DateTimeZone>();

    /// <summary>Products that may not be returned.</summary>
    /// <value>The default value is empty.</value>
    public ISet<Sku> NonReturnableProducts { get; } = new HashSet<Sku>();

    /// <summary>Handling tags that make a line non-returnable (e.g. <c>hygiene</c>, <c>perishable</c>).</summary>
    /// <value>The default value is empty.</value>
    public ISet<string> NonReturnableHandling { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The reason codes a request may give; any other is refused.</summary>
    /// <value>The default value is <c>changed-mind</c>, <c>wrong-size</c>, <c>damaged</c>, <c>defective</c>,
    /// <c>wrong-item</c>, <c>not-as-described</c>, <c>cancelled-after-dispatch</c>.</value>
    public ISet<string> ReasonCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "changed-mind", "wrong-size", "damaged", "defective", "wrong-item", "not-as-described", "cancelled-after-dispatch",
    };

    /// <summary>
    /// Automatic authorisation: a request whose returned value (price paid) is at or below the limit for its currency
    /// is authorised at once; above it, or in a currency without a limit, it waits for manual review.
    /// </summary>
    /// <value>The default value is empty: every request waits for review.</value>
    public IDictionary<Currency, decimal> AutoAuthoriseUpTo { get; } = new Dictionary<Currency, decimal>();

    /// <summary>Reason codes that always go to manual review, whatever the value.</summary>
    /// <value>The default value is empty.</value>
    public ISet<string> ManualReviewReasonCodes { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The restocking fee, as a percentage (0 to 100) of the price paid for the qualifying units.</summary>
    /// <value>The default value is 0.</value>
    public decimal RestockingFeePercent { get; set; }

    /// <summary>Reason codes for which no restocking fee is charged (the fault is the seller's).</summary>
    /// <value>The default value is <c>damaged</c>, <c>defective</c>, <c>wrong-item</c>, <c>not-as-described</c>.</value>
    public ISet<string> RestockingFeeWaivedFor { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "damaged", "defective", "wrong-item", "not-as-described",
    };

    /// <summary>Whether the order's shipping charge (<see cref="Orders.Order.ShippingCharge"/>) is refunded.</summary>
    /// <value>The default value is <see cref="ShippingRefund.WhenWholeOrderReturned"/>.</value>
    public ShippingRefund RefundShipping { get; set; } = ShippingRefund.WhenWholeOrderReturned;

    /// <summary>The inspection outcomes whose units are refunded (or exchanged, or credited).</summary>
    /// <value>The default value is <see cref="InspectionOutcome.Resellable"/> and <see cref="InspectionOutcome.Damaged"/>.
    /// Wrong items and missing units are never refunded, whatever this holds.</value>
    public ISet<InspectionOutcome> RefundableOutcomes { get; } = new HashSet<InspectionOutcome> { InspectionOutcome.Resellable, InspectionOutcome.Damaged };

    /// <summary>How long after authorisation the customer has to ship; after it, the return expires.</summary>
    /// <value>The default value is 14 days.</value>
    public Duration ShipWithin { get; set; } = Duration.FromDays(14);

    /// <summary>Adds a sentence to <paramref name="problems"/> for each invalid setting, naming it.</summary>
    public void Validate(ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        CheckWindow("Returns.Policy.Window", Window, problems);
        foreach (var (channel, window) in ChannelWindows) CheckWindow($"Returns.Policy.ChannelWindows[{channel}]", window, problems);
        foreach (var (sku, window) in ProductWindows) CheckWindow($"Returns.Policy.ProductWindows[{sku}]", window, problems);
        if (TimeZone is null) problems.Add("Returns.Policy.TimeZone: is required");
        if (ReasonCodes.Count == 0) problems.Add("Returns.Policy.ReasonCodes: at least one reason code is required");
        foreach (var (currency, limit) in AutoAuthoriseUpTo)
            if (limit < 0) problems.Add($"Returns.Policy.AutoAuthoriseUpTo[{currency}]: must not be negative, was {limit}");
        if (RestockingFeePercent is < 0 or > 100)
            problems.Add($"Returns.Policy.RestockingFeePercent: must be in [0, 100], was {RestockingFeePercent}");
        if (!Enum.IsDefined(RefundShipping)) problems.Add($"Returns.Policy.RefundShipping: is not a ShippingRefund value, was {RefundShipping}");
        if (ShipWithin <= Duration.Zero) problems.Add($"Returns.Policy.ShipWithin: must be positive, was {ShipWithin}");
    }

    private static void CheckWindow(string name, Period? window, ICollection<string> problems)
    {
        if (window is null) { problems.Add($"{name}: is required"); return; }
        if (window.HasTimeComponent || window.Years < 0 || window.Months < 0 || window.Weeks < 0 || window.Days < 0 ||
            window.Years + window.Months + window.Weeks + window.Days == 0)
            problems.Add($"{name}: must be a positive number of days, weeks, months or years, was {window}");
    }
}

/// <summary>
/// Advance exchanges: the replacement ships before the return arrives, so its stock is held at once.
/// Every property documents its default.
/// </summary>
/// <remarks>Not thread-safe: configure at start-up.</remarks>
public sealed class AdvanceExchangeOptions
{
    /// <summary>Whether advance exchanges are offered at all.</summary>
    /// <value>The default value is false.</value>
    public bool Enabled { get; set; }

    /// <summary>The most a return may be worth (price paid for its lines) to get an advance exchange, per currency; a
    /// currency without an entry gets none.</summary>
    /// <value>The default value is empty.</value>
    public IDictionary<Currency, decimal> MaxValue { get; } = new Dictionary<Currency, decimal>();

    /// <summary>The channels that offer advance exchanges; empty means every channel.</summary>
    /// <value>The default value is empty.</value>
    public ISet<ChannelId> Channels { get; } = new HashSet<ChannelId>();

    /// <summary>How long the replacement stock stays held if the exchange is never placed.</summary>
    /// <value>The default value is 21 days.</value>
    public Duration HoldTimeToLive { get; set; } = Duration.FromDays(21);

    /// <summary>Adds a sentence to <paramref name="problems"/> for each invalid setting, naming it.</summary>
    public void Validate(ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var (currency, limit) in MaxValue)
            if (limit < 0) problems.Add($"Returns.AdvanceExchange.MaxValue[{currency}]: must not be negative, was {limit}");
        if (HoldTimeToLive <= Duration.Zero) problems.Add($"Returns.AdvanceExchange.HoldTimeToLive: must be positive, was {HoldTimeToLive}");
    }
}
