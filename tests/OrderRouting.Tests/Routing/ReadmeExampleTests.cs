using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using Xunit;

namespace OrderRouting.Tests.Routing;

/// <summary>The README's routing example, verbatim, so it keeps compiling and doing what it says.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeRoutingExample_RoutesAndApplies()
    {
        var order = new Order
        {
            Id = OrderId.Of("web-1001"),
            Channel = ChannelId.Of("web"),
            ExternalId = "1001",
            PlacedAt = Instant.FromUtc(2026, 11, 27, 9, 0),
            ShipTo = Address.Create("DE", "10115", GeoPoint.Of(52.53, 13.38)),
            Lines = [new OrderLine("1", Sku.Of("SKU-1"), 3, Money.Of(19.90m, "EUR"))],
        };

        var network = RoutingNetwork.Create(
        [
            new StockLocation
            {
                Id = LocationId.Of("eu-1"), Priority = 1, Position = GeoPoint.Of(52.52, 13.405),
                TimeZone = DateTimeZoneProviders.Tzdb["Europe/Berlin"], Cutoff = new LocalTime(14, 0), DailyCapacity = 500,
                Services = [new CarrierService { Carrier = "dhl", Service = "standard", BaseCost = 4.90, CostPerKm = 0.002, CostPerUnit = 0.25, TransitDays = 2, Score = 0.97 }],
                Capabilities = ["hazmat"],
            },
        ]);
        var engine = new RoutingEngine(network, new RoutingPolicy
        {
            Strategy = RankingStrategies.Weighted((RankingStrategies.Distance, 0.7), (RankingStrategies.HighStock, 0.3)),
            Split = SplitPolicy.Greedy,
            Partial = PartialPolicy.Allow,
        });
        var stock = new InMemoryStockView();
        stock.Set(LocationId.Of("eu-1"), Sku.Of("SKU-1"), onHand: 5, safetyStock: 0);
        var capacity = new DailyCapacityCounter();

        RoutingResult result = engine.Route(order, stock, capacity, explain: true);
        stock.Apply(result);
        capacity.Apply(result);

        Assert.Equal(RoutingOutcome.Routed, result.Outcome);
        Assert.Equal(2, stock.GetSellable(LocationId.Of("eu-1"), Sku.Of("SKU-1")));
        Assert.Equal(1, capacity.GetShipments(LocationId.Of("eu-1"), new LocalDate(2026, 11, 27)));
        Assert.True(Assert.Single(result.Explanation!.Candidates).Used);
    }
}
