using NodaTime;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Routing.Eligibility;
using OrderRouting.Routing.Strategies;
using OrderRouting.Returns.Tests.Support;

namespace OrderRouting.Returns.Tests.Routing;

public class StrategyReturnRouterTests
{
    private static readonly Address Customer = Address.Create("DE", "10115", GeoPoint.Of(52.53, 13.38)); // Berlin

    private static ReturnLocation Location(string id, double lat, double lon, int priority, params string[] capabilities) => new()
    {
        Location = new StockLocation { Id = LocationId.Of(id), Position = GeoPoint.Of(lat, lon), Priority = priority, Capabilities = capabilities },
        Address = Address.Create("DE", "00000", GeoPoint.Of(lat, lon), [id]),
    };

    private static readonly ReturnLocation LeipzigCentre = Location("leipzig-centre", 51.34, 12.37, 1, "returns", "hazmat");
    private static readonly ReturnLocation BerlinStore = Location("berlin-store", 52.52, 13.40, 3, "returns", "store");
    private static readonly ReturnLocation BerlinWarehouse = Location("berlin-wh", 52.531, 13.381, 2);
    private static readonly ReturnLocation MunichStore = Location("munich-store", 48.14, 11.58, 4, "returns", "store");

    private static StrategyReturnRouter Router(Action<ReturnRoutingOptions>? configure = null)
    {
        var options = new ReturnRoutingOptions();
        foreach (var location in new[] { LeipzigCentre, BerlinStore, BerlinWarehouse, MunichStore }) options.Locations.Add(location);
        configure?.Invoke(options);
        return new StrategyReturnRouter(options, "returns", "standard");
    }

    private static ReturnRoutingRequest Request(Order? order = null, string channel = "web")
    {
        order ??= ReturnsFixture.Order(channel: channel);
        return new ReturnRoutingRequest(ReturnId.Of("R-1"), order, [new RoutedReturnLine(order.Lines[0], 2)], Customer, null, ReturnsFixture.Start);
    }

    [Fact]
    public void Route_DistanceStrategy_NearestLocationThatAcceptsReturns()
    {
        var routing = Router().Route(Request());
        Assert.True(routing.Found);
        Assert.Equal(BerlinStore.Location.Id, routing.Location);   // the Berlin warehouse is nearer still, but takes no returns
        Assert.Same(BerlinStore.Address, routing.Address);
        Assert.Equal("ranked first by distance, 1.8 km away", routing.Explanation);
    }

    [Fact]
    public void Route_PriorityStrategy_ReturnsCentreFirst()
    {
        var routing = Router(o => o.Strategy = RankingStrategies.Priority).Route(Request());
        Assert.Equal(LeipzigCentre.Location.Id, routing.Location);
    }

    [Fact]
    public void Route_HazmatLine_OnlyToALocationCertifiedForIt()
    {
        var order = ReturnsFixture.Order() with { Lines = [new OrderLine("1", Sku.Of("BATTERY"), 2, Money.Of(30m, "EUR"), ["hazmat"])] };
        var routing = Router().Route(Request(order));
        Assert.Equal(LeipzigCentre.Location.Id, routing.Location);
    }

    [Fact]
    public void Route_UserRuleExcludesStoresForMarketplaces_NextNearest()
    {
        var routing = Router(o => o.Rules.Add(new NoStoresForMarketplaces())).Route(Request(channel: "marketplace"));
        Assert.Equal(LeipzigCentre.Location.Id, routing.Location);
        Assert.Equal(BerlinStore.Location.Id, Router(o => o.Rules.Add(new NoStoresForMarketplaces())).Route(Request(channel: "web")).Location);
    }

    [Fact]
    public void Route_NoLocationAccepts_NoneWithReason()
    {
        var routing = Router(o => o.Capability = "returns-gold").Route(Request());
        Assert.False(routing.Found);
        Assert.Equal("no location accepts this return (SKU-A: NoEligibleLocation)", routing.Explanation);
    }

    [Fact]
    public void Route_NoCapabilityRequired_EveryLocationCandidate()
    {
        var routing = Router(o => o.Capability = null).Route(Request());
        Assert.Equal(BerlinWarehouse.Location.Id, routing.Location);
    }

    [Fact]
    public void Constructor_InvalidLocation_ProblemsNamedUnderReturnsRouting()
    {
        var bad = new ReturnLocation
        {
            Location = new StockLocation { Id = LocationId.Of("x"), Services = [new CarrierService { Carrier = "", Service = "std" }] },
            Address = Customer,
        };
        var error = Assert.Throws<ArgumentException>(() => Router(o => o.Locations.Add(bad)));
        Assert.Contains("Returns.Routing.Locations[4].Services[0].Carrier: must not be empty", error.Message);
    }

    [Fact]
    public async Task OpenAsync_WithStrategyRouter_LabelGoesToTheChosenLocation()
    {
        using var f = new ReturnsFixture(router: Router());
        var id = await f.OpenAuthorisedAsync(new ReturnedLine("1", 2));
        var label = Assert.Single(f.Carrier.Requests);
        Assert.Same(BerlinStore.Address, label.To);
        Assert.Same(ReturnsFixture.Order().ShipTo.Country, label.From.Country);
        Assert.Equal(BerlinStore.Location.Id, Assert.Single(f.Inbound.Notices).Location);
        Assert.Contains("to berlin-store (ranked first by distance, 1.8 km away)", f.Get(id).History[^1].Cause);
    }

    [Fact]
    public async Task OpenAsync_NoLocationAccepts_LabelFailedSayingWhy()
    {
        using var f = new ReturnsFixture(router: Router(o => o.Capability = "returns-gold"));
        var id = await f.OpenAuthorisedAsync(new ReturnedLine("1", 2));
        Assert.Equal(ReturnState.LabelFailed, f.Get(id).State);
        Assert.Equal("no return destination: no location accepts this return (SKU-A: NoEligibleLocation)", f.Get(id).LastError);
        Assert.Empty(f.Carrier.Requests);
    }

    private sealed class NoStoresForMarketplaces : IEligibilityRule
    {
        public string Name => "noStoresForMarketplaces";

        public string? Check(in EligibilityContext context) =>
            context.Order.Channel.Value == "marketplace" && context.Location.Capabilities.Contains("store") ? "stores take no marketplace returns" : null;
    }
}
