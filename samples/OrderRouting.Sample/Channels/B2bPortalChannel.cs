using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using OrderRouting.Orders;

namespace OrderRouting.Sample.Channels;

/// <summary>
/// The B2B portal: business customers' purchase orders arrive as a CSV batch every two hours, one row per order line,
/// with the order date in the portal's own time zone (Europe/Amsterdam) and no offset, as such portals export it.
/// </summary>
internal sealed class B2bPortalChannel : ChannelInbox
{
    /// <summary>The channel's id, <c>b2b</c>.</summary>
    public static readonly ChannelId Id = ChannelId.Of("b2b");

    /// <summary>The zone the portal writes its dates in.</summary>
    public static readonly DateTimeZone PortalZone = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    /// <summary>The batch file's header.</summary>
    public const string Header = "po_number,order_date,company,contact_email,ship_street,ship_city,ship_postal_code,ship_country,line_no,sku,quantity,unit_price,currency";

    private static readonly LocalDateTimePattern DatePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss");

    /// <inheritdoc />
    public override ChannelId Channel => Id;

    /// <summary>Renders a batch file holding <paramref name="orders"/>.</summary>
    public static string Render(IEnumerable<DemandOrder> orders)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var order in orders)
        foreach (var line in order.Lines)
        {
            csv.AppendJoin(',',
                Csv.Field(order.ExternalId), DatePattern.Format(order.PlacedAt.InZone(PortalZone).LocalDateTime), Csv.Field(order.Company),
                Csv.Field(order.Email), Csv.Field(order.City.Street), Csv.Field(order.City.Name), Csv.Field(order.City.PostalCode), order.City.Country,
                line.LineId, line.Product.Sku.Value, line.Quantity.ToString(CultureInfo.InvariantCulture),
                line.UnitPrice.ToString("F2", CultureInfo.InvariantCulture), order.Currency).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <inheritdoc />
    protected override IEnumerable<Order> Parse(string payload)
    {
        var records = Csv.Read(payload);
        if (records.Count == 0 || string.Join(',', records[0]) != Header) throw new FormatException("b2b: the batch does not start with the expected header");
        var orders = new List<Order>();
        foreach (var group in records.Skip(1).Select((r, i) => (Row: r, Line: i + 2)).GroupBy(r => r.Row.Length > 0 ? r.Row[0] : ""))
        {
            var rows = group.ToArray();
            foreach (var (row, line) in rows)
                if (row.Length != 13) throw new FormatException($"b2b: line {line} has {row.Length} fields, 13 expected");
            var first = rows[0].Row;
            var placed = DatePattern.Parse(first[1]);
            if (!placed.Success) throw new FormatException($"b2b: line {rows[0].Line}: bad order_date \"{first[1]}\"");
            try
            {
                orders.Add(new Order
                {
                    Id = OrderId.Of("b2b-" + group.Key), Channel = Id, ExternalId = group.Key,
                    PlacedAt = PortalZone.AtLeniently(placed.Value).ToInstant(),
                    ShipTo = ShipTo(first[7], first[6], null, first[4], first[5]),
                    Lines = rows.Select(r => new OrderLine(r.Row[8], Sku.Of(r.Row[9]), int.Parse(r.Row[10], CultureInfo.InvariantCulture),
                        Money.Of(decimal.Parse(r.Row[11], CultureInfo.InvariantCulture), r.Row[12]))).ToArray(),
                    CustomerContact = first[3],
                    ChannelAttributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["b2b.company"] = first[2],
                        ["b2b.paymentTerms"] = "NET30",
                    },
                });
            }
            catch (Exception error) when (error is FormatException or ArgumentException or OverflowException)
            {
                throw new FormatException($"b2b: purchase order {group.Key} (line {rows[0].Line}): {error.Message}", error);
            }
        }
        return orders;
    }
}
