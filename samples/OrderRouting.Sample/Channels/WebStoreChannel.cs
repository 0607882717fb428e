using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using OrderRouting.Orders;

namespace OrderRouting.Sample.Channels;

/// <summary>
/// The web store: a Shopify-style <c>orders/create</c> webhook, one JSON order per call (and, as Shopify does, the same
/// order again when a delivery was not acknowledged in time). Maps <c>id</c> to the external id, <c>name</c> to the
/// canonical id, <c>created_at</c> with its offset to the placing instant, <c>shipping_address</c> with its coordinates.
/// </summary>
internal sealed class WebStoreChannel : ChannelInbox
{
    /// <summary>The channel's id, <c>web</c>.</summary>
    public static readonly ChannelId Id = ChannelId.Of("web");

    /// <inheritdoc />
    public override ChannelId Channel => Id;

    /// <summary>Renders an order as the web store's webhook body.</summary>
    public static string Render(DemandOrder order)
    {
        return JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("id", long.Parse(order.ExternalId, CultureInfo.InvariantCulture));
            json.WriteString("name", order.Name);
            json.WriteString("created_at", OffsetDateTimePattern.GeneralIso.Format(order.PlacedAt.InZone(order.City.TimeZone).ToOffsetDateTime()));
            json.WriteString("currency", order.Currency);
            json.WriteString("email", order.Email);
            json.WriteString("financial_status", "paid");
            if (order.ShippingCharge is { } shipping)
            {
                json.WriteStartObject("total_shipping_price_set");
                json.WriteStartObject("shop_money");
                json.WriteString("amount", shipping.ToString("F2", CultureInfo.InvariantCulture));
                json.WriteString("currency_code", order.Currency);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteStartObject("shipping_address");
            json.WriteString("address1", order.PoBox ? "P.O. Box 4711" : order.City.Street);
            json.WriteString("city", order.City.Name);
            json.WriteString("zip", order.City.PostalCode);
            json.WriteString("country_code", order.City.Country);
            json.WriteNumber("latitude", order.City.Latitude);
            json.WriteNumber("longitude", order.City.Longitude);
            json.WriteEndObject();
            json.WriteStartArray("line_items");
            foreach (var line in order.Lines)
            {
                json.WriteStartObject();
                json.WriteNumber("id", long.Parse(order.ExternalId, CultureInfo.InvariantCulture) * 10 + int.Parse(line.LineId, CultureInfo.InvariantCulture));
                json.WriteString("sku", line.Product.Sku.Value);
                json.WriteNumber("quantity", line.Quantity);
                json.WriteString("price", line.UnitPrice.ToString("F2", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <inheritdoc />
    protected override IEnumerable<Order> Parse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var id = root.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
            var name = root.GetProperty("name").GetString()!.TrimStart('#');
            var createdAt = OffsetDateTimePattern.GeneralIso.Parse(root.GetProperty("created_at").GetString()!).GetValueOrThrow();
            var currency = root.GetProperty("currency").GetString()!;
            var address = root.GetProperty("shipping_address");
            var shipTo = ShipTo(
                address.GetProperty("country_code").GetString()!, address.GetProperty("zip").GetString()!,
                GeoPoint.Of(address.GetProperty("latitude").GetDouble(), address.GetProperty("longitude").GetDouble()),
                address.GetProperty("address1").GetString()!, address.GetProperty("city").GetString()!);
            var lines = new List<OrderLine>();
            var number = 0;
            foreach (var item in root.GetProperty("line_items").EnumerateArray())
            {
                number++;
                lines.Add(new OrderLine(
                    number.ToString(CultureInfo.InvariantCulture), Sku.Of(item.GetProperty("sku").GetString()!), item.GetProperty("quantity").GetInt32(),
                    Money.Of(decimal.Parse(item.GetProperty("price").GetString()!, CultureInfo.InvariantCulture), currency)));
            }
            Money? shipping = root.TryGetProperty("total_shipping_price_set", out var set)
                ? Money.Of(decimal.Parse(set.GetProperty("shop_money").GetProperty("amount").GetString()!, CultureInfo.InvariantCulture), currency)
                : null;
            return
            [
                new Order
                {
                    Id = OrderId.Of("web-" + name), Channel = Id, ExternalId = id, PlacedAt = createdAt.ToInstant(), ShipTo = shipTo, Lines = lines,
                    ShippingCharge = shipping, CustomerContact = root.GetProperty("email").GetString() ?? "",
                    ChannelAttributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["shopify.name"] = "#" + name,
                        ["shopify.financial_status"] = root.GetProperty("financial_status").GetString() ?? "",
                        ["shopify.created_at"] = root.GetProperty("created_at").GetString() ?? "",
                    },
                },
            ];
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or UnparsableValueException or ArgumentException)
        {
            throw new FormatException("web: not a Shopify order: " + error.Message, error);
        }
    }
}
