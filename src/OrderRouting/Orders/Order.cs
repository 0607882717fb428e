using NodaTime;

namespace OrderRouting.Orders;

/// <summary>
/// The canonical order: one model for every sales channel. The channel's own fields are kept verbatim in
/// <see cref="ChannelAttributes"/> so that nothing a marketplace sends is lost in consolidation.
/// </summary>
/// <remarks>Immutable and thread-safe. Construct with an object initialiser; <see cref="Validate"/> checks it.</remarks>
public sealed record Order
{
    /// <summary>The canonical id inside OrderRouting.</summary>
    public required OrderId Id { get; init; }

    /// <summary>The sales channel the order came from.</summary>
    public required ChannelId Channel { get; init; }

    /// <summary>The channel's own order number (with <see cref="Channel"/>, the deduplication key of ingestion).</summary>
    public required string ExternalId { get; init; }

    /// <summary>When the customer placed the order.</summary>
    public required Instant PlacedAt { get; init; }

    /// <summary>Where the order ships to.</summary>
    public required Address ShipTo { get; init; }

    /// <summary>The order lines, in the channel's order. The same SKU may appear on several lines.</summary>
    public required IReadOnlyList<OrderLine> Lines { get; init; }

    /// <summary>The channel's own attributes, verbatim (keys and values as the channel sent them).</summary>
    public IReadOnlyDictionary<string, string> ChannelAttributes { get; init; } = EmptyAttributes;

    /// <summary>
    /// What the customer paid for shipping, when the channel charged it separately; null when unknown or free.
    /// Returns may refund it (see the return policy).
    /// </summary>
    public Money? ShippingCharge { get; init; }

    /// <summary>The customer's contact for notifications (an e-mail address or a channel's customer id); may be empty.</summary>
    public string CustomerContact { get; init; } = "";

    /// <summary>The latest date the customer accepts delivery on (in the shipping location's calendar); null: any date.
    /// Routing treats locations and services that cannot deliver by then as ineligible.</summary>
    /// <value>The default value is null.</value>
    public LocalDate? DeliverBy { get; init; }

    /// <summary>The delivery speed the customer bought (next day, two-day, ...); null: any. Routing treats locations and
    /// services that cannot meet it as ineligible.</summary>
    /// <value>The default value is null.</value>
    public Promising.ServiceLevel? ServiceLevel { get; init; }

    /// <summary>The total of the lines (unit price × quantity), in the lines' currency.</summary>
    /// <exception cref="InvalidOperationException">The lines have different currencies.</exception>
    public Money Total => Lines.Skip(1).Aggregate(Lines[0].UnitPrice * Lines[0].Quantity, (sum, line) => sum + line.UnitPrice * line.Quantity);

    /// <summary>The order's total number of units.</summary>
    public long Units => Lines.Sum(static line => (long)line.Quantity);

    /// <summary>Checks the order as a whole and returns every problem found (an empty list when it is valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(0); // grows only for an invalid order
        if (Id.Value is null) problems.Add("Id: is required");
        if (Channel.Value is null) problems.Add("Channel: is required");
        if (string.IsNullOrWhiteSpace(ExternalId)) problems.Add("ExternalId: must not be empty");
        if (ShipTo is null) problems.Add("ShipTo: is required");
        if (Lines is null || Lines.Count == 0)
        {
            problems.Add("Lines: at least one line is required");
            return problems;
        }

        // Orders have a few lines: comparing with the earlier ones beats hashing them (and allocates nothing).
        var lineIds = Lines.Count > 16 ? new HashSet<string>(StringComparer.Ordinal) : null;
        Currency? currency = null;
        for (var i = 0; i < Lines.Count; i++)
        {
            var line = Lines[i];
            if (line is null) { problems.Add($"Lines[{i}]: is required"); continue; }
            if (lineIds is null ? AppearsBefore(i) : !lineIds.Add(line.LineId)) problems.Add($"Lines[{i}].LineId: \"{line.LineId}\" appears twice");
            currency ??= line.UnitPrice.Currency;
            if (line.UnitPrice.Currency != currency) problems.Add($"Lines[{i}].UnitPrice: currency {line.UnitPrice.Currency} differs from {currency}");
        }
        return problems;
    }

    private bool AppearsBefore(int index)
    {
        for (var j = 0; j < index; j++)
            if (Lines[j] is { } earlier && string.Equals(earlier.LineId, Lines[index].LineId, StringComparison.Ordinal)) return true;
        return false;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyAttributes =
        new Dictionary<string, string>(StringComparer.Ordinal).AsReadOnly();
}
