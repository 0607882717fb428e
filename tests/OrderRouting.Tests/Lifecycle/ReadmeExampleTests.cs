using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Events;
using OrderRouting.Hosting;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Lifecycle;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Reporting;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using OrderRouting.Tests.Lifecycle.Support;
using Xunit;

namespace OrderRouting.Tests.Lifecycle;

/// <summary>The README's wiring, run for real: DI, the Inventory ledger, the routing engine, the lifecycle, the report.</summary>
public class ReadmeExampleTests
{
    private static readonly LocationId Eu1 = LocationId.Of("eu-1"), Eu2 = LocationId.Of("eu-2");
    private static readonly Sku Mug = Sku.Of("MUG");

    public sealed class WebStoreChannel : ISalesChannel
    {
        public static readonly Queue<Order> Inbox = new();
        public ChannelId Channel => ChannelId.Of("web");
        public ValueTask<IReadOnlyList<Order>> ReceiveAsync(CancellationToken cancellationToken = default)
        {
            var orders = Inbox.ToArray();
            Inbox.Clear();
            return ValueTask.FromResult<IReadOnlyList<Order>>(orders);
        }
        public ValueTask PublishStockAsync(IReadOnlyList<ChannelStockLevel> levels, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    public sealed class WarehouseWms : IFulfilmentProvider
    {
        public IReadOnlyCollection<LocationId> Locations => [Eu1, Eu2];
        public ValueTask<FulfilmentReceipt> SubmitAsync(FulfilmentInstruction instruction, CancellationToken cancellationToken = default) => ValueTask.FromResult(FulfilmentReceipt.Accept);
        public ValueTask CancelAsync(string shipment, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ReadmeWiring_OneDay_RoutesDispatchesAndReports()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 27, 9, 0));
        var now = clock.GetCurrentInstant();
        var network = RoutingNetwork.Create([
            new StockLocation { Id = Eu1, Priority = 1, Position = GeoPoint.Of(52.5, 13.4), Services = [new CarrierService { Carrier = "dhl", Service = "standard", BaseCost = 5, TransitDays = 1 }] },
            new StockLocation { Id = Eu2, Priority = 2, Position = GeoPoint.Of(48.1, 11.6), Services = [new CarrierService { Carrier = "dhl", Service = "standard", BaseCost = 5, TransitDays = 1 }] },
        ]);
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddOrderRouting(b => b
            .AddInventory(o => { o.Locations.Add(Eu1); o.Locations.Add(Eu2); })
            .UseStrategy(network, new RoutingPolicy { Strategy = RankingStrategies.Distance })
            .UseShadowStrategy(network, new RoutingPolicy { Strategy = RankingStrategies.Priority })
            .AddChannel<WebStoreChannel>()
            .AddFulfilmentProvider<WarehouseWms>()
            .AddNotificationSink<RecordingSink>()
            .AddLifecycle(o => o.HoldTimeToLive = Duration.FromDays(3)));
        await using var provider = services.BuildServiceProvider();
        var ledger = provider.GetRequiredService<StockLedger>();
        ledger.Receive("r1", Eu1, Mug, 5);
        ledger.Receive("r2", Eu2, Mug, 5);

        var lifecycle = provider.GetRequiredService<OrderLifecycle>();
        var events = new List<OrderEvent>();
        using var subscription = lifecycle.Events.Subscribe(events.Add);
        WebStoreChannel.Inbox.Enqueue(new Order
        {
            Id = OrderId.Of("web-1001"), Channel = ChannelId.Of("web"), ExternalId = "1001", PlacedAt = now,
            ShipTo = Address.Create("DE", "80331", GeoPoint.Of(48.14, 11.58)), Lines = [new OrderLine("1", Mug, 2, Money.Of(9m, "EUR"))],
        });

        await lifecycle.PollChannelsAsync();
        var shipment = Assert.Single(lifecycle.Find(OrderId.Of("web-1001"))!.Shipments);
        await lifecycle.ConfirmAsync(new PickedConfirmation(shipment.Id, now, shipment.Lines));
        await lifecycle.ConfirmAsync(new DispatchedConfirmation(shipment.Id, now + Duration.FromHours(3), "dhl", "JD0123", now + Duration.FromDays(1)));
        var report = OperationalReport.From(events);

        Assert.Equal(Eu2, shipment.Location); // nearest by distance; the shadow (priority) would have used eu-1
        Assert.Equal(3, ledger.GetBalance(Eu2, Mug).OnHand);
        Assert.Equal(OrderState.Dispatched, lifecycle.Find(OrderId.Of("web-1001"))!.State);
        Assert.Equal(3, report.FulfilmentTimeByLocation["eu-2"].AverageHours);
        Assert.Equal(1, report.Shadow!.Orders);
        Assert.Equal(2, provider.GetRequiredService<INotificationSink>() is RecordingSink sink ? sink.Effects.Count : -1);
    }

    [Fact]
    public void Readme_StatesDiagram_IsTheTablesMermaid()
    {
        var readme = File.ReadAllText(Path.Combine(Root(), "README.md")).ReplaceLineEndings("\n");
        Assert.Contains("```mermaid\n" + OrderStateMachine.ToMermaid() + "```", readme);
    }

    private static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
