using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderRouting.Network;
using NodaTime;
using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Hosting;
using OrderRouting.Returns.Tests.Support;

namespace OrderRouting.Returns.Tests.Hosting;

public class AddReturnsTests
{
    private static ServiceCollection WithAdapters()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(ReturnsFixture.Start));
        services.AddSingleton<IStockReservations, RecordingStock>();
        services.AddSingleton<ICarrierGateway, FakeCarrier>();
        services.AddSingleton<IRefundGateway, FakeRefunds>();
        services.AddSingleton<IExchangeOrderGateway, FakeExchanges>();
        services.AddSingleton<IInboundReturnNotifier, FakeInbound>();
        services.AddSingleton<INotificationSink, FakeNotifications>();
        services.AddSingleton<IReturnRouter, FixedRouter>();
        return services;
    }

    [Fact]
    public void AddReturns_Twice_RegistersOnceAndKeepsTheFirstOptions()
    {
        var services = WithAdapters();
        services.AddOrderRouting(b => b.AddReturns(o => o.RmaPrefix = "A-").AddReturns(o => o.RmaPrefix = "B-"));
        services.AddOrderRouting(b => b.AddReturns(o => o.RmaPrefix = "C-"));

        Assert.Single(services, d => d.ServiceType == typeof(ReturnsService));
        Assert.Single(services, d => d.ServiceType == typeof(IReturnsPort));
        Assert.Single(services, d => d.ServiceType == typeof(IReturnPolicy));
        using var provider = services.BuildServiceProvider();
        Assert.Equal("A-", provider.GetRequiredService<ReturnsOptions>().RmaPrefix);
        Assert.Same(provider.GetRequiredService<ReturnsService>(), provider.GetRequiredService<IReturnsPort>());
    }

    [Fact]
    public void AddReturns_PolicyRegisteredBefore_KeepsIt()
    {
        var services = WithAdapters();
        var policy = new DefaultReturnPolicy(new ReturnPolicyOptions(), new AdvanceExchangeOptions());
        services.AddSingleton<IReturnPolicy>(policy);
        services.AddOrderRouting(b => b.AddReturns());
        using var provider = services.BuildServiceProvider();
        Assert.Same(policy, provider.GetRequiredService<IReturnPolicy>());
    }

    [Fact]
    public void AddReturns_InvalidOptions_ReportsEveryProblemTogether()
    {
        var error = Assert.Throws<OrderRoutingConfigurationException>(() => new ServiceCollection().AddOrderRouting(b => b.AddReturns(o =>
        {
            o.Policy.Window = Period.FromHours(5);
            o.Policy.RestockingFeePercent = 120m;
            o.Policy.ShipWithin = Duration.Zero;
            o.AdvanceExchange.MaxValue[Currency.Of("EUR")] = -1m;
            o.Carrier = " ";
        })));
        Assert.Equal(
            [
                "Returns.Policy.Window: must be a positive number of days, weeks, months or years, was PT5H",
                "Returns.Policy.RestockingFeePercent: must be in [0, 100], was 120",
                "Returns.Policy.ShipWithin: must be positive, was 0:00:00:00",
                "Returns.AdvanceExchange.MaxValue[EUR]: must not be negative, was -1",
                "Returns.Carrier: must not be empty",
            ],
            error.Problems);
    }

    /// <summary>The README's example, against the real API.</summary>
    [Fact]
    public async Task ReadmeExample_RefundAfterInspection_Closes()
    {
        var services = WithAdapters();
        services.RemoveAll<IReturnRouter>();
        var order = ReturnsFixture.Order() with { PlacedAt = Instant.FromUtc(2026, 11, 20, 9, 0) };
        var lines = new List<string>();

        services.AddOrderRouting(builder => builder.AddReturns(options =>
        {
            options.Policy.ChannelWindows[ChannelId.Of("marketplace")] = Period.FromDays(14);
            options.Policy.ChannelTimeZones[ChannelId.Of("web")] = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
            options.Policy.AutoAuthoriseUpTo[Currency.Of("EUR")] = 150m;
            options.Policy.RestockingFeePercent = 10m;
            options.Routing.Locations.Add(new ReturnLocation
            {
                Location = new StockLocation { Id = LocationId.Of("eu-1"), Position = GeoPoint.Of(51.34, 12.37), Capabilities = ["returns"] },
                Address = Address.Create("DE", "04109", GeoPoint.Of(51.34, 12.37), ["Returns centre", "Leipzig"]),
            });
        }));
        using var provider = services.BuildServiceProvider();

        var returns = provider.GetRequiredService<ReturnsService>();
        using var audit = returns.Events.Subscribe(e => lines.Add($"{e.Return} {e.From} -> {e.To} by {e.Actor}: {e.Cause}"));

        var opened = await returns.OpenAsync(new ReturnOpening(
            "web-1001/return-1", order, [new ReturnedLine("1", 2)], "wrong-size", new LocalDate(2026, 11, 25)));
        await returns.RecordReceiptAsync(new WarehouseReceipt("wms-88", opened.Return, LocationId.Of("eu-1"), [new ReturnedLine("1", 2)]));
        await returns.InspectAsync(opened.Return, [new LineInspection("1", InspectionOutcome.Resellable, 2)], "inspector:ana");
        var refunded = await returns.ResolveAsync(opened.Return, ReturnResolution.Refund, "customer");

        Assert.Equal(ReturnState.Closed, refunded.State);
        var stock = (RecordingStock)provider.GetRequiredService<IStockReservations>();
        Assert.Equal(new StockLine(LocationId.Of("eu-1"), Sku.Of("SKU-A"), 2), Assert.Single(stock.Restocks).Line);
        Assert.Equal(Money.Of(36m, "EUR"), returns.Find(opened.Return)!.Refunded);
        Assert.Equal("R-000001 Requested -> Authorised by policy: value 40 EUR is within the automatic authorisation limit of 150 EUR", lines[0]);
        Assert.Equal(7, lines.Count);
        Assert.EndsWith("to eu-1 (ranked first by distance, 149.3 km away)", lines[1]);
    }
}
