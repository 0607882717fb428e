using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;

namespace OrderRouting.Routing.Eligibility;

/// <summary>
/// A user's own eligibility rule, checked before ranking after the built-in rules (disabled, no carrier service,
/// channel and country restrictions, daily capacity, delivery-by date or service level, handling tags).
/// Return null when the location may ship, or a short reason sentence when it may not; return constant strings
/// to keep routing allocation-free.
/// </summary>
/// <example>
/// <code>
/// sealed class NoStoresForMarketplaces : IEligibilityRule
/// {
///     public string Name => "noStoresForMarketplaces";
///     public string? Check(in EligibilityContext context) =>
///         context.Order.Channel.Value == "amazon" &amp;&amp; context.Location.Capabilities.Contains("store") ? "stores do not ship marketplace orders" : null;
/// }
/// </code>
/// </example>
/// <remarks>Implementations must be thread-safe and pure (the same context gives the same answer): the engine may
/// call them again to explain a decision.</remarks>
public interface IEligibilityRule
{
    /// <summary>The rule's name, shown in explanations.</summary>
    string Name { get; }

    /// <summary>Whether the rule also judges single lines: when true, <see cref="Check"/> is called once per location
    /// with <see cref="EligibilityContext.Line"/> null (the whole order) and once per line and location with the line.</summary>
    /// <value>The default value is false: the rule judges whole orders only.</value>
    bool ChecksLines => false;

    /// <summary>Null when <see cref="EligibilityContext.Location"/> may ship the order (or the line); otherwise why not.</summary>
    string? Check(in EligibilityContext context);
}

/// <summary>What an eligibility rule judges: an order (or one of its lines) at a location.</summary>
/// <remarks>A <c>readonly struct</c> so members can be added without breaking rules.</remarks>
public readonly struct EligibilityContext
{
    internal EligibilityContext(Order order, StockLocation location, OrderLine? line, LocalDateTime placedLocal)
    {
        Order = order;
        Location = location;
        Line = line;
        PlacedLocal = placedLocal;
    }

    /// <summary>The order being routed.</summary>
    public Order Order { get; }

    /// <summary>The location judged.</summary>
    public StockLocation Location { get; }

    /// <summary>The line judged, or null when the whole order is.</summary>
    public OrderLine? Line { get; }

    /// <summary>The order's placing instant as the location's wall-clock date and time.</summary>
    public LocalDateTime PlacedLocal { get; }
}
