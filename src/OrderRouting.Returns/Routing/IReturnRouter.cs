using OrderRouting.Orders;

namespace OrderRouting.Returns;

/// <summary>Chooses where a return goes: a returns centre, a store, a warehouse that accepts the products.</summary>
/// <remarks>Implementations must be safe to call from many threads and must not do I/O.</remarks>
public interface IReturnRouter
{
    /// <summary>The destination of a return, or a refusal naming why no location fits.</summary>
    ReturnRouting Route(ReturnRoutingRequest request);
}

/// <summary>A return to route.</summary>
/// <param name="Return">The return.</param>
/// <param name="Order">The order its lines come from.</param>
/// <param name="Lines">The returned lines and units.</param>
/// <param name="From">Where the parcel starts (the order's ship-to address).</param>
/// <param name="ShippedFrom">The location that shipped the lines, when known.</param>
/// <param name="At">When the return is routed (its authorisation).</param>
public sealed record ReturnRoutingRequest(ReturnId Return, Order Order, IReadOnlyList<RoutedReturnLine> Lines, Address From, LocationId? ShippedFrom, NodaTime.Instant At);

/// <summary>Units of an order line in a return being routed.</summary>
/// <param name="Line">The order line (SKU, handling).</param>
/// <param name="Quantity">Units returned.</param>
public sealed record RoutedReturnLine(OrderLine Line, int Quantity);

/// <summary>Where a return should go, or why nowhere fits.</summary>
/// <param name="Found">True when a destination was chosen.</param>
/// <param name="Location">The chosen location; <c>default</c> when none.</param>
/// <param name="Address">The chosen location's address (for the label); null when none.</param>
/// <param name="Explanation">Why this location (or why none), in words, for the audit trail.</param>
public sealed record ReturnRouting(bool Found, LocationId Location, Address? Address, string Explanation)
{
    /// <summary>A destination.</summary>
    public static ReturnRouting To(LocationId location, Address address, string explanation) => new(true, location, address, explanation);

    /// <summary>No destination.</summary>
    public static ReturnRouting None(string explanation) => new(false, default, null, explanation);
}
