using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;

namespace OrderRouting.Tests.Routing;

/// <summary>
/// A random routing case: a network (priorities, positions, capacities, disabled locations, services, handling),
/// stock, a policy and a few orders. Generated from FsCheck-chosen sizes and a seed so each case is reproducible from
/// its label.
/// </summary>
internal sealed record RandomCase(int Seed, int Locations, int Orders, bool Simple)
{
    public static readonly string[] Skus = ["A", "B", "C"];

    public static Gen<RandomCase> Gen(int maxLocations, bool simple = false) =>
        from seed in FsCheck.Fluent.Gen.Choose(0, int.MaxValue)
        from locations in FsCheck.Fluent.Gen.Choose(1, maxLocations)
        from orders in FsCheck.Fluent.Gen.Choose(1, 4)
        select new RandomCase(seed, locations, orders, simple);

    public static Arbitrary<RandomCase> Arb(int maxLocations, bool simple = false) => FsCheck.Fluent.Arb.From(Gen(maxLocations, simple));

    /// <summary>Builds the case. <see cref="Simple"/> leaves out handling, repeated SKUs and disabled locations (for brute force).</summary>
    public (StockLocation[] Locations, InMemoryStockView Stock, Order[] Orders) Build()
    {
        var random = new Random(Seed);
        var locations = new StockLocation[Locations];
        for (var i = 0; i < Locations; i++)
        {
            var services = new CarrierService[Simple ? 1 + random.Next(2) : random.Next(10) == 0 ? 0 : 1 + random.Next(2)];
            for (var s = 0; s < services.Length; s++)
            {
                services[s] = new CarrierService
                {
                    Carrier = "c" + random.Next(3), Service = "s" + s, BaseCost = random.Next(0, 20) / 2.0,
                    CostPerKm = random.Next(0, 3) / 1000.0, CostPerUnit = random.Next(0, 8) / 4.0, TransitDays = random.Next(0, 4),
                    Score = random.Next(0, 11) / 10.0,
                };
            }
            locations[i] = new StockLocation
            {
                Id = LocationId.Of("L" + random.Next(100) + "-" + i),
                Priority = random.Next(-2, 4),
                Position = random.Next(5) == 0 ? null : GeoPoint.Of(45 + random.NextDouble() * 10, 5 + random.NextDouble() * 10),
                DailyCapacity = random.Next(3) == 0 ? random.Next(0, 3) : null,
                Enabled = Simple || random.Next(10) != 0,
                Cutoff = random.Next(2) == 0 ? new LocalTime(random.Next(0, 24), 0) : null,
                Services = services,
                Capabilities = !Simple && random.Next(3) == 0 ? ["hazmat"] : [],
            };
        }
        var stock = new InMemoryStockView();
        foreach (var location in locations)
            foreach (var sku in Skus)
                if (random.Next(3) != 0) stock.Set(location.Id, Sku.Of(sku), random.Next(0, 7), random.Next(0, 2));
        var orders = new Order[Orders];
        for (var o = 0; o < Orders; o++)
        {
            var lineCount = 1 + random.Next(3);
            var lines = new List<OrderLine>();
            var skus = Skus.OrderBy(_ => random.Next()).ToArray();
            // Handling is a product tag: every line of a SKU needs the same.
            var hazmat = Skus.ToDictionary(s => s, _ => !Simple && random.Next(6) == 0);
            for (var l = 0; l < lineCount; l++)
            {
                var sku = !Simple && random.Next(5) == 0 && l > 0 ? lines[0].Sku.Value : skus[l];
                var handling = hazmat[sku] ? new[] { "hazmat" } : [];
                lines.Add(new OrderLine((l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Sku.Of(sku), 1 + random.Next(4), Money.Of(1m, "EUR"), handling));
            }
            orders[o] = new Order
            {
                Id = OrderId.Of("o" + o), Channel = ChannelId.Of("web"), ExternalId = "x" + o,
                PlacedAt = Instant.FromUtc(2026, 11, 27, 0, 0) + Duration.FromMinutes(random.Next(0, 3 * 24 * 60)),
                ShipTo = Address.Create("DE", "10115", random.Next(5) == 0 ? null : GeoPoint.Of(45 + random.NextDouble() * 10, 5 + random.NextDouble() * 10)),
                Lines = lines,
            };
        }
        return (locations, stock, orders);
    }

    public static readonly IRankingStrategy[] Strategies =
    [
        RankingStrategies.Priority, RankingStrategies.Distance, RankingStrategies.HighStock, RankingStrategies.Capacity,
        RankingStrategies.CarrierScore, RankingStrategies.Cost, RankingStrategies.Promise,
        RankingStrategies.Weighted((RankingStrategies.Distance, 0.5), (RankingStrategies.HighStock, 0.3), (RankingStrategies.Capacity, 0.2)),
    ];

    public static IEnumerable<RoutingPolicy> Policies() =>
        from strategy in Strategies
        from split in Enum.GetValues<SplitPolicy>()
        from partial in Enum.GetValues<PartialPolicy>()
        select new RoutingPolicy { Strategy = strategy, Split = split, Partial = partial };
}
