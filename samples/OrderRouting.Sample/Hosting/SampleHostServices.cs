using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Hosting;
using OrderRouting.Inventory.Availability;
using OrderRouting.Returns;
using OrderRouting.Network;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using OrderRouting.Sample.Carriers;
using OrderRouting.Sample.Channels;
using OrderRouting.Sample.Fulfilment;
using OrderRouting.Sample.Notifications;
using OrderRouting.Sample.Returns;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Hosting;

/// <summary>
/// The composition root: how a host wires OrderRouting. Everything the packages need comes through
/// <c>AddOrderRouting(...)</c> (with <c>AddInventory</c> and <c>AddReturns</c>); the host adds its own adapters — channels,
/// fulfilment providers, carriers, payments, notifications — and, here, the simulation that plays the outside world.
/// </summary>
internal static class SampleHostServices
{
    /// <summary>Registers the sample host's services for one simulated day.</summary>
    public static IServiceCollection AddTradingDaySimulation(this IServiceCollection services, SimulationSettings settings)
    {
        // The simulated world: a clock the driver moves, the timeline, and the outside parties.
        var clock = new SimulatedClock(TradingDay.Start);
        services.AddSingleton(settings);
        services.AddSingleton(clock);
        services.AddSingleton<IClock>(clock); // registered before AddOrderRouting, so the packages use it instead of the system clock
        services.AddSingleton<Agenda>();
        services.AddSingleton<TradingDay>();

        // Adapters the packages call (the ports of OrderRouting.Connectors and OrderRouting.Returns).
        services.AddSingleton<SimulatedCarrier>();
        services.AddSingleton<ICarrierGateway>(sp => sp.GetRequiredService<SimulatedCarrier>());
        services.AddSingleton<FulfilmentWebhook>();
        services.AddSingleton<ReturnsDesk>();
        services.AddSingleton<IInboundReturnNotifier>(sp => sp.GetRequiredService<ReturnsDesk>());
        services.AddSingleton<SimulatedPayments>();
        services.AddSingleton<IRefundGateway>(sp => sp.GetRequiredService<SimulatedPayments>());
        services.AddSingleton<ExchangeOrders>();
        services.AddSingleton<IExchangeOrderGateway>(sp => sp.GetRequiredService<ExchangeOrders>());
        services.AddSingleton<IReturnRouter, NearestWarehouseReturnRouter>();

        // Live routing: nearest eligible location, greedy split. Shadow: cheapest plan with the fewest shipments,
        // compared in the report without ever acting on it.
        var network = RoutingNetwork.Create(SampleWorld.Sites.Select(s => s.Location));

        services.AddOrderRouting(routing => routing
            .AddInventory(inventory =>
            {
                foreach (var site in SampleWorld.Sites) inventory.Locations.Add(site.Id);
                inventory.IdempotencyRetention = Duration.FromDays(120); // longer than the simulated horizon: every retry is recognised
                // What each channel may sell: the web store keeps one unit back per product, the marketplace gets at most
                // 30 % of the warehouses' stock; the B2B portal, not listed, sells from every location.
                inventory.Channels.Add(new ChannelDefinition(WebStoreChannel.Id, SampleWorld.Sites.Select(s => s.Id)) { SafetyBuffer = 1 });
                inventory.Channels.Add(new ChannelDefinition(MarketplaceChannel.Id, SampleWorld.Sites.Where(s => s.Kind != SiteKind.Store).Select(s => s.Id)) { AllocationPercent = 30 });
                inventory.PushChannelStock = false; // the trading day publishes on its simulated clock, every hour
            })
            .AddReturns(returns =>
            {
                var policy = returns.Policy;
                policy.Window = Period.FromDays(30);
                policy.ChannelWindows[MarketplaceChannel.Id] = Period.FromDays(14);
                policy.ChannelTimeZones[WebStoreChannel.Id] = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
                policy.ChannelTimeZones[B2bPortalChannel.Id] = B2bPortalChannel.PortalZone;
                foreach (var sku in SampleWorld.NonReturnable) policy.NonReturnableProducts.Add(sku);
                policy.AutoAuthoriseUpTo[Currency.Of("EUR")] = 250m;
                policy.AutoAuthoriseUpTo[Currency.Of("GBP")] = 220m;
                policy.AutoAuthoriseUpTo[Currency.Of("USD")] = 260m;
                policy.ManualReviewReasonCodes.Add("not-as-described");
                policy.RestockingFeePercent = 5m;
            })
            .UseStrategy(network, new RoutingPolicy { Strategy = RankingStrategies.Distance, Split = SplitPolicy.Greedy })
            .UseShadowStrategy(network, new RoutingPolicy { Strategy = RankingStrategies.Cost, Split = SplitPolicy.Minimize })
            .AddChannel<WebStoreChannel>()
            .AddChannel<MarketplaceChannel>()
            .AddChannel<B2bPortalChannel>()
            .AddFulfilmentProvider<WarehouseWms>()
            .AddFulfilmentProvider<StoreFulfilment>()
            .AddFulfilmentProvider<ThirdPartyLogistics>()
            .AddNotificationSink<FileNotificationSink>()
            .AddLifecycle(lifecycle =>
            {
                lifecycle.HoldTimeToLive = Duration.FromDays(7);
                // The OMS buys the labels of its own warehouses (through the ICarrierGateway above) and sends them with
                // the instruction; the store and the 3PL buy their own.
                foreach (var site in SampleWorld.Sites.Where(s => s.Kind == SiteKind.Warehouse)) lifecycle.ShipFrom[site.Id] = site.Address;
            }));
        return services;
    }
}
