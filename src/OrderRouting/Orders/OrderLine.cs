namespace OrderRouting.Orders;

/// <summary>One line of an order: a quantity of a SKU at a unit price, with the special handling it needs.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record OrderLine
{
    /// <summary>Creates a line.</summary>
    /// <param name="lineId">The line's id, unique within the order (the channel's line id, or "1", "2", ...).</param>
    /// <param name="sku">The product.</param>
    /// <param name="quantity">Units ordered, at least 1.</param>
    /// <param name="unitPrice">The price paid per unit (the most a refund can return per unit).</param>
    /// <param name="handling">Special handling tags the product needs, e.g. <c>hazmat</c>, <c>cold-chain</c>.</param>
    /// <exception cref="ArgumentException">The line id is empty, or the quantity is not positive.</exception>
    public OrderLine(string lineId, Sku sku, int quantity, Money unitPrice, IEnumerable<string>? handling = null)
    {
        LineId = Guard.Identifier(lineId);
        if (sku.Value is null) throw new ArgumentException("a SKU is required", nameof(sku));
        Sku = sku;
        Quantity = Guard.Positive(quantity);
        if (unitPrice.Amount < 0) throw new ArgumentOutOfRangeException(nameof(unitPrice), unitPrice, "must not be negative");
        UnitPrice = unitPrice;
        Handling = handling is null ? Empty : new SortedSet<string>(handling, StringComparer.Ordinal);
    }

    /// <summary>The line's id, unique within its order.</summary>
    public string LineId { get; }

    /// <summary>The product.</summary>
    public Sku Sku { get; }

    /// <summary>Units ordered, at least 1.</summary>
    public int Quantity { get; }

    /// <summary>The price paid per unit.</summary>
    public Money UnitPrice { get; }

    /// <summary>Special handling tags (ordinal, sorted); a location must support all of them to ship the line.</summary>
    public IReadOnlySet<string> Handling { get; }

    /// <summary>Equality by value, handling tags included.</summary>
    public bool Equals(OrderLine? other) =>
        other is not null && LineId == other.LineId && Sku == other.Sku && Quantity == other.Quantity &&
        UnitPrice == other.UnitPrice && Handling.SetEquals(other.Handling);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(LineId, Sku, Quantity, UnitPrice);

    private static readonly IReadOnlySet<string> Empty = new SortedSet<string>(StringComparer.Ordinal);
}
