using NodaTime;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Channels;

/// <summary>One line a customer ordered (the truth the channel payloads are rendered from).</summary>
internal sealed record DemandLine(string LineId, Product Product, int Quantity, decimal UnitPrice);

/// <summary>An order as the customer placed it, before any channel rendered it into its own format.</summary>
internal sealed record DemandOrder(
    string Channel, string ExternalId, string Name, Instant PlacedAt, City City, bool PoBox, string Email, string Company,
    string Currency, IReadOnlyList<DemandLine> Lines, decimal? ShippingCharge);

/// <summary>
/// Generates the trading day's demand from the seed: who orders what, when (a local-time curve with an evening peak in
/// every customer's own time zone), through which channel. Deterministic: the same seed gives the same day.
/// </summary>
internal static class DemandGenerator
{
    // Relative order intake per local hour 0..23: quiet nights, a lunch bump and an evening peak.
    private static readonly double[] HourCurve =
        [0.5, 0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.8, 1.1, 1.2, 1.3, 1.4, 1.6, 1.5, 1.4, 1.4, 1.5, 1.7, 2.1, 2.5, 2.6, 2.3, 1.6, 0.9];

    private static readonly double[] BusinessHours =
        [0, 0, 0, 0, 0, 0, 0, 0.2, 1.2, 1.6, 1.6, 1.4, 0.8, 1.2, 1.5, 1.4, 1.0, 0.5, 0, 0, 0, 0, 0, 0];

    private static readonly string[] Companies =
    [
        "Müller, Schmidt & Co. KG", "Northwind Traders Ltd", "Contoso Retail GmbH", "\"Bright Ideas\" Interiors", "Fabrikam Outfitters LLC",
        "Tailspin Toys Inc.", "Maison Dupont SARL", "Van der Berg B.V.", "Wide World Importers", "Alpine Sports, Vienna",
    ];

    /// <summary>Generates <paramref name="orders"/> orders placed on <paramref name="day"/> (each customer's local day).</summary>
    public static IReadOnlyList<DemandOrder> Generate(long seed, int orders, LocalDate day)
    {
        var random = new SampleRandom(seed);
        var cityWeights = SampleWorld.Cities.Select(c => c.Weight).ToArray();
        var productWeights = SampleWorld.Catalogue.Select(p => p.Popularity).ToArray();
        var drafts = new List<(Instant At, string Channel, City City, bool PoBox, string Company, List<(Product Product, int Quantity)> Lines)>(orders);
        for (var i = 0; i < orders; i++)
        {
            var city = SampleWorld.Cities[random.Weighted(cityWeights)];
            var roll = random.NextDouble();
            var channel = roll < 0.55 ? "web" : roll < 0.88 ? "marketplace" : "b2b";
            var hour = random.Weighted(channel == "b2b" ? BusinessHours : HourCurve);
            var local = day.At(new LocalTime(hour, random.Between(0, 59), random.Between(0, 59)));
            var at = city.TimeZone.AtLeniently(local).ToInstant();
            var lineCount = channel == "b2b" ? random.Between(2, 5) : random.Weighted([55, 25, 12, 5, 3]) + 1;
            var lines = new List<(Product Product, int Quantity)>();
            for (var l = 0; l < lineCount; l++)
            {
                var product = SampleWorld.Catalogue[random.Weighted(productWeights)];
                if (lines.Any(x => x.Product.Family == product.Family)) continue; // one size of a product per order
                var quantity = channel == "b2b" ? random.Between(2, 8) : random.Weighted([88, 9, 3]) + 1;
                lines.Add((product, quantity));
            }
            var company = channel == "b2b" ? Companies[random.Between(0, Companies.Length - 1)] : "";
            var poBox = channel != "b2b" && random.Roll(0.008);
            drafts.Add((at, channel, city, poBox, company, lines));
        }

        // Number the orders per channel in the order they were placed, as the channels themselves would.
        drafts.Sort((a, b) => a.At.CompareTo(b.At));
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal) { ["web"] = 1000, ["marketplace"] = 0, ["b2b"] = 0 };
        var result = new List<DemandOrder>(drafts.Count);
        foreach (var d in drafts)
        {
            var n = ++numbers[d.Channel];
            var currency = SampleWorld.CurrencyOf(d.City.Country);
            var lines = d.Lines.Select((l, index) => new DemandLine((index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), l.Product, l.Quantity,
                SampleWorld.PriceIn(l.Product, currency))).ToArray();
            var value = lines.Sum(l => l.UnitPrice * l.Quantity);
            var (externalId, name) = d.Channel switch
            {
                "web" => ((5_800_000_000_000L + n * 7919L).ToString(System.Globalization.CultureInfo.InvariantCulture), "#" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                "marketplace" => (MarketplaceId(seed, n), MarketplaceId(seed, n)),
                _ => ($"PO-26-{n:D5}", $"PO-26-{n:D5}"),
            };
            var email = d.Channel switch
            {
                "web" => $"customer{n}@mail.example",
                "marketplace" => $"{Hex(seed, n)}@marketplace.example",
                _ => $"purchasing{n % 97}@b2b.example",
            };
            decimal? shipping = d.Channel == "web" && value < 50m ? 4.90m : null;
            result.Add(new DemandOrder(d.Channel, externalId, name, d.At, d.City, d.PoBox, email, d.Company, currency, lines, shipping));
        }
        return result;
    }

    private static string MarketplaceId(long seed, int n)
    {
        var h = Chance.SplitMix((ulong)seed * 31 + (ulong)n);
        return $"302-{h % 10_000_000:D7}-{(h / 10_000_000) % 10_000_000:D7}";
    }

    private static string Hex(long seed, int n) => (Chance.SplitMix((ulong)seed ^ ((ulong)n << 20)) & 0xFFFFFFFFFFUL).ToString("x10", System.Globalization.CultureInfo.InvariantCulture);
}
