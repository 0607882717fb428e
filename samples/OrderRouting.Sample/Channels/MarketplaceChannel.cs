using System.Globalization;
using System.Text.Json;
using NodaTime.Text;
using OrderRouting.Orders;

namespace OrderRouting.Sample.Channels;

/// <summary>
/// The marketplace: an Amazon SP-API-style <c>getOrders</c> response, polled every 15 minutes for the last 20 minutes
/// (the overlap returns some orders twice; ingestion deduplicates them). <c>ItemPrice</c> is the line total, as the
/// marketplace reports it; addresses carry no coordinates and are geocoded from the postal code.
/// </summary>
internal sealed class MarketplaceChannel : ChannelInbox
{
    /// <summary>The channel's id, <c>marketplace</c>.</summary>
    public static readonly ChannelId Id = ChannelId.Of("marketplace");

    /// <inheritdoc />
    public override ChannelId Channel => Id;

    /// <summary>Renders a poll response holding <paramref name="orders"/>.</summary>
    public static string Render(IEnumerable<DemandOrder> orders)
    {
        return JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("payload");
            json.WriteStartArray("Orders");
            foreach (var order in orders)
            {
                json.WriteStartObject();
                json.WriteString("AmazonOrderId", order.ExternalId);
                json.WriteString("PurchaseDate", InstantPattern.General.Format(order.PlacedAt));
                json.WriteString("OrderStatus", "Unshipped");
                json.WriteString("FulfillmentChannel", "MFN");
                json.WriteStartObject("BuyerInfo");
                json.WriteString("BuyerEmail", order.Email);
                json.WriteEndObject();
                json.WriteStartObject("ShippingAddress");
                json.WriteString("AddressLine1", order.PoBox ? "PO Box 1207" : order.City.Street);
                json.WriteString("City", order.City.Name);
                json.WriteString("PostalCode", order.City.PostalCode);
                json.WriteString("CountryCode", order.City.Country);
                json.WriteEndObject();
                json.WriteStartArray("OrderItems");
                foreach (var line in order.Lines)
                {
                    json.WriteStartObject();
                    json.WriteString("OrderItemId", $"{order.ExternalId}-{line.LineId}");
                    json.WriteString("SellerSKU", line.Product.Sku.Value);
                    json.WriteNumber("QuantityOrdered", line.Quantity);
                    json.WriteStartObject("ItemPrice");
                    json.WriteString("CurrencyCode", order.Currency);
                    json.WriteString("Amount", (line.UnitPrice * line.Quantity).ToString("F2", CultureInfo.InvariantCulture));
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <inheritdoc />
    protected override IEnumerable<Order> Parse(string payload)
    {
        var orders = new List<Order>();
        try
        {
            using var document = JsonDocument.Parse(payload);
            foreach (var o in document.RootElement.GetProperty("payload").GetProperty("Orders").EnumerateArray())
            {
                var id = o.GetProperty("AmazonOrderId").GetString()!;
                var address = o.GetProperty("ShippingAddress");
                var lines = new List<OrderLine>();
                var number = 0;
                foreach (var item in o.GetProperty("OrderItems").EnumerateArray())
                {
                    number++;
                    var quantity = item.GetProperty("QuantityOrdered").GetInt32();
                    var price = item.GetProperty("ItemPrice");
                    var total = decimal.Parse(price.GetProperty("Amount").GetString()!, CultureInfo.InvariantCulture);
                    lines.Add(new OrderLine(number.ToString(CultureInfo.InvariantCulture), Sku.Of(item.GetProperty("SellerSKU").GetString()!), quantity,
                        Money.Of(total / quantity, price.GetProperty("CurrencyCode").GetString()!)));
                }
                orders.Add(new Order
                {
                    Id = OrderId.Of("marketplace-" + id), Channel = Id, ExternalId = id,
                    PlacedAt = InstantPattern.General.Parse(o.GetProperty("PurchaseDate").GetString()!).GetValueOrThrow(),
                    ShipTo = ShipTo(address.GetProperty("CountryCode").GetString()!, address.GetProperty("PostalCode").GetString()!, null,
                        address.GetProperty("AddressLine1").GetString()!, address.GetProperty("City").GetString()!),
                    Lines = lines,
                    CustomerContact = o.GetProperty("BuyerInfo").GetProperty("BuyerEmail").GetString() ?? "",
                    ChannelAttributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["marketplace.fulfilmentChannel"] = o.GetProperty("FulfillmentChannel").GetString() ?? "",
                        ["marketplace.orderStatus"] = o.GetProperty("OrderStatus").GetString() ?? "",
                    },
                });
            }
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or UnparsableValueException or ArgumentException)
        {
            throw new FormatException("marketplace: not a getOrders response: " + error.Message, error);
        }
        return orders;
    }
}
