using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;

namespace OrderRouting.Tests.Routing;

/// <summary>Small builders for routing tests: locations, services, orders, and one engine with stock and capacity.</summary>
internal static class Scenario
{
    public static readonly Instant Friday0900 = Instant.FromUtc(2026, 11, 27, 9, 0);

    public static CarrierService Service(double baseCost = 5, double perKm = 0, double perUnit = 0, int transit = 2,
        double score = 1, string carrier = "dhl", string service = "standard") =>
        new() { Carrier = carrier, Service = service, BaseCost = baseCost, CostPerKm = perKm, CostPerUnit = perUnit, TransitDays = transit, Score = score };

    public static StockLocation Location(string id, int priority = 0, GeoPoint? position = null, int? capacity = null,
        bool enabled = true, CarrierService[]? services = null, string[]? capabilities = null) =>
        new()
        {
            Id = LocationId.Of(id), Priority = priority, Position = position, DailyCapacity = capacity, Enabled = enabled,
            Services = services ?? [Service()], Capabilities = capabilities ?? [],
        };

    public static OrderLine Line(string sku, int quantity, string? lineId = null, params string[] handling) =>
        new(lineId ?? sku, Sku.Of(sku), quantity, Money.Of(10m, "EUR"), handling);

    public static Order Order(params OrderLine[] lines) => Order(Friday0900, null, lines);

    public static Order Order(Instant placedAt, GeoPoint? shipTo, params OrderLine[] lines) => new()
    {
        Id = OrderId.Of("o-1"), Channel = ChannelId.Of("web"), ExternalId = "1", PlacedAt = placedAt,
        ShipTo = Address.Create("DE", "10115", shipTo), Lines = lines,
    };

    public static InMemoryStockView Stock(params (string Location, string Sku, int OnHand)[] rows)
    {
        var stock = new InMemoryStockView();
        foreach (var (location, sku, onHand) in rows) stock.Set(LocationId.Of(location), Sku.Of(sku), onHand);
        return stock;
    }

    public static RoutingEngine Engine(IRankingStrategy strategy, SplitPolicy split, PartialPolicy partial, params StockLocation[] locations) =>
        new(RoutingNetwork.Create(locations), new RoutingPolicy { Strategy = strategy, Split = split, Partial = partial });

    public static RoutingEngine Engine(params StockLocation[] locations) =>
        Engine(RankingStrategies.Priority, SplitPolicy.Greedy, PartialPolicy.Allow, locations);

    /// <summary>Shipments as "location:sku×qty,sku×qty" strings, in shipment order.</summary>
    public static string[] Describe(RoutingResult result) =>
        result.Shipments.Select(s => s.LocationId + ":" + string.Join(",", s.Lines.Select(l => $"{l.Sku}x{l.Quantity}"))).ToArray();
}
