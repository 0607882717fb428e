using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Routing;

namespace OrderRouting.Benchmarks.Routing;

/// <summary>A reproducible network of stock locations across Europe with stock and a 3-line order, for routing benchmarks.</summary>
internal static class RoutingBenchmarkNetwork
{
    public static readonly string[] Skus = ["SKU-1", "SKU-2", "SKU-3"];

    /// <summary>
    /// <paramref name="locations"/> locations (priorities, positions, Berlin time with a 14:00 cutoff, two services each,
    /// unlimited capacity); the first <paramref name="stocked"/> of them (all when null) hold 0–20 units of each SKU.
    /// </summary>
    public static (RoutingNetwork Network, InMemoryStockView Stock) Create(int locations, int? stocked = null, int seed = 42)
    {
        var random = new Random(seed);
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var list = new StockLocation[locations];
        for (var i = 0; i < locations; i++)
        {
            list[i] = new StockLocation
            {
                Id = LocationId.Of($"loc-{i:D4}"),
                Priority = random.Next(0, 10),
                Position = GeoPoint.Of(45 + random.NextDouble() * 10, 5 + random.NextDouble() * 15),
                TimeZone = berlin,
                Cutoff = new LocalTime(14, 0),
                Services =
                [
                    new CarrierService { Carrier = "dhl", Service = "standard", BaseCost = 4 + random.Next(0, 8) / 2.0, CostPerKm = 0.002, CostPerUnit = 0.25, TransitDays = 2, Score = 0.9 + random.Next(0, 10) / 100.0 },
                    new CarrierService { Carrier = "ups", Service = "express", BaseCost = 9 + random.Next(0, 8) / 2.0, CostPerKm = 0.003, CostPerUnit = 0.1, TransitDays = 1, Score = 0.95 },
                ],
            };
        }
        var stock = new InMemoryStockView();
        var holders = stocked ?? locations;
        for (var i = 0; i < holders; i++)
            foreach (var sku in Skus)
                stock.Set(list[i].Id, Sku.Of(sku), random.Next(0, 21));
        return (RoutingNetwork.Create(list), stock);
    }

    public static Order ThreeLineOrder() => new()
    {
        Id = OrderId.Of("bench-1"), Channel = ChannelId.Of("web"), ExternalId = "1",
        PlacedAt = Instant.FromUtc(2026, 11, 25, 9, 30),
        ShipTo = Address.Create("DE", "10115", GeoPoint.Of(52.53, 13.38)),
        Lines =
        [
            new OrderLine("1", Sku.Of("SKU-1"), 2, Money.Of(10m, "EUR")),
            new OrderLine("2", Sku.Of("SKU-2"), 1, Money.Of(15m, "EUR")),
            new OrderLine("3", Sku.Of("SKU-3"), 3, Money.Of(5m, "EUR")),
        ],
    };
}
