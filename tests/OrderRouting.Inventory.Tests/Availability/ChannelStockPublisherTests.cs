using System.Reactive.Concurrency;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Hosting;
using OrderRouting.Inventory.Availability;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Storage;
using OrderRouting.Orders;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Availability;

public class ChannelStockPublisherTests
{
    private static readonly ChannelId Web = ChannelId.Of("web");
    private static readonly ChannelId Market = ChannelId.Of("market");

    private sealed class Storefront(ChannelId channel) : ISalesChannel
    {
        public ChannelId Channel => channel;
        public List<IReadOnlyList<ChannelStockLevel>> Batches { get; } = [];
        public int FailNext { get; set; }
        public Action? During { get; set; }

        public ValueTask<IReadOnlyList<Order>> ReceiveAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<Order>>([]);

        public ValueTask PublishStockAsync(IReadOnlyList<ChannelStockLevel> levels, CancellationToken cancellationToken = default)
        {
            During?.Invoke();
            if (FailNext > 0)
            {
                FailNext--;
                throw new InvalidOperationException($"{channel} is down");
            }
            Batches.Add(levels);
            return ValueTask.CompletedTask;
        }
    }

    private static StockLedger NewLedger(IScheduler scheduler) => new(NewOptions(o =>
    {
        o.Channels.Add(new ChannelDefinition(Web, [Eu1, Eu2]) { SafetyBuffer = 1 });
        o.Channels.Add(new ChannelDefinition(Market, [Eu1]) { AllocationPercent = 50 });
    }), new FakeClock(Start), new InMemoryLedgerStore(), scheduler: scheduler);

    [Fact]
    public async Task PublishAsync_ChangesSinceLastBatch_OneBatchPerChannelInSkuOrderThenNothing()
    {
        using var ledger = NewLedger(new HistoricalScheduler());
        Storefront web = new(Web), market = new(Market);
        using var publisher = new ChannelStockPublisher(ledger, [web, market]);
        ledger.Receive("p1", Eu1, B, 10);
        ledger.Receive("p2", Eu2, A, 4);
        ledger.Receive("p3", Eu1, A, 2);

        var first = await publisher.PublishAsync();

        Assert.Equal(4, first.Accepted);
        Assert.Empty(first.Failures);
        Assert.Equal([new ChannelStockLevel(A, 5), new ChannelStockLevel(B, 9)], Assert.Single(web.Batches));
        Assert.Equal([new ChannelStockLevel(A, 1), new ChannelStockLevel(B, 5)], Assert.Single(market.Batches));

        Assert.Equal(0, (await publisher.PublishAsync()).Accepted);
        Assert.Single(web.Batches);

        ledger.Receive("p4", Eu2, B, 1); // the marketplace does not sell from eu-2: only the web store hears of it
        await publisher.PublishAsync();
        Assert.Equal([new ChannelStockLevel(B, 10)], web.Batches[1]);
        Assert.Single(market.Batches);
    }

    [Fact]
    public async Task PublishAsync_ChannelFails_LevelsKeptAndLatestValueSentNextTime()
    {
        using var ledger = NewLedger(new HistoricalScheduler());
        Storefront web = new(Web) { FailNext = 1 }, market = new(Market);
        using var publisher = new ChannelStockPublisher(ledger, [web, market]);
        ledger.Receive("p1", Eu1, A, 10);

        var failed = await publisher.PublishAsync();

        Assert.Equal(Web, Assert.Single(failed.Failures).Channel);
        Assert.Contains("web is down", failed.Failures[0].Reason);
        Assert.Equal(1, failed.Accepted);
        Assert.Equal(1, publisher.PendingLevels);

        ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 3), Hour);
        var retried = await publisher.PublishAsync();

        Assert.Empty(retried.Failures);
        Assert.Equal([new ChannelStockLevel(A, 6)], Assert.Single(web.Batches));
        Assert.Equal(0, publisher.PendingLevels);
    }

    [Fact]
    public async Task PublishAsync_ValueChangesWhilePublishing_NewerValueStaysPending()
    {
        using var ledger = NewLedger(new HistoricalScheduler());
        var web = new Storefront(Web);
        using var publisher = new ChannelStockPublisher(ledger, [web, new Storefront(Market)]);
        ledger.Receive("p1", Eu1, A, 10);
        web.During = () =>
        {
            web.During = null;
            ledger.Receive("p2", Eu1, A, 5);
            ledger.PublishAvailability();
        };

        await publisher.PublishAsync();
        Assert.Equal([new ChannelStockLevel(A, 9)], Assert.Single(web.Batches));
        Assert.Equal(2, publisher.PendingLevels); // web A=14 and market A=7 arrived during the call

        await publisher.PublishAsync();
        Assert.Equal([new ChannelStockLevel(A, 14)], web.Batches[1]);
    }

    [Fact]
    public async Task QueueAll_UnchangedSkus_PublishedAgainForResynchronisation()
    {
        using var ledger = NewLedger(new HistoricalScheduler());
        var web = new Storefront(Web);
        using var publisher = new ChannelStockPublisher(ledger, [web]);
        ledger.Receive("p1", Eu1, A, 3);
        await publisher.PublishAsync();

        publisher.QueueAll([A, B]);
        await publisher.PublishAsync();

        Assert.Equal([new ChannelStockLevel(A, 2), new ChannelStockLevel(B, 0)], web.Batches[1]);
    }

    [Fact]
    public void Constructor_ChannelNotConfiguredInLedger_SaysWhich()
    {
        using var ledger = NewLedger(new HistoricalScheduler());

        var error = Assert.Throws<ArgumentException>(() => new ChannelStockPublisher(ledger, [new Storefront(ChannelId.Of("b2b"))]));

        Assert.Contains("b2b is not one of the ledger's channels", error.Message);
    }

    [Fact]
    public void Constructor_InlineScheduler_Refused()
    {
        using var ledger = NewLedger(new HistoricalScheduler());

        var error = Assert.Throws<ArgumentException>(() => new ChannelStockPublisher(ledger, [new Storefront(Web)], Scheduler.Immediate));

        Assert.Contains("runs work inline", error.Message);
    }

    [Fact]
    public async Task PublishAsync_AfterDispose_SendsNothing()
    {
        using var ledger = NewLedger(new HistoricalScheduler());
        var web = new Storefront(Web);
        var publisher = new ChannelStockPublisher(ledger, [web]);
        ledger.Receive("p1", Eu1, A, 3);

        publisher.Dispose();

        Assert.Equal(0, (await publisher.PublishAsync()).Accepted);
        Assert.Empty(web.Batches);
    }

    [Fact]
    public void Automatic_AfterCoalescedChanges_PublishesAndRetriesFailedChannelLater()
    {
        var scheduler = new HistoricalScheduler();
        using var ledger = NewLedger(scheduler);
        var web = new Storefront(Web) { FailNext = 1 };
        using var publisher = new ChannelStockPublisher(ledger, [web], scheduler) { RetryDelay = TimeSpan.FromSeconds(5) };
        ledger.Receive("p1", Eu1, A, 10);
        ledger.Receive("p2", Eu1, A, 1);

        scheduler.AdvanceBy(TimeSpan.FromMilliseconds(150)); // the ledger's coalescing window, then the publisher's turn
        Assert.Empty(web.Batches);
        Assert.Equal(1, publisher.PendingLevels);

        scheduler.AdvanceBy(TimeSpan.FromSeconds(5));
        Assert.Equal([new ChannelStockLevel(A, 10)], Assert.Single(web.Batches));
        Assert.Equal(0, publisher.PendingLevels);
    }

    [Fact]
    public async Task AddInventory_SalesChannelRegistered_PublisherPushesToItWithDefaultDefinition()
    {
        var web = new Storefront(Web);
        var services = new ServiceCollection().AddSingleton<IClock>(new FakeClock(Start)).AddSingleton<ISalesChannel>(web);
        services.AddOrderRouting(b => b.AddInventory(o =>
        {
            o.Locations.Add(Eu1);
            o.Locations.Add(Eu2);
            o.PushChannelStock = false;
        }));
        using var provider = services.BuildServiceProvider();

        var ledger = provider.GetRequiredService<StockLedger>();
        var publisher = provider.GetRequiredService<ChannelStockPublisher>();
        ledger.Receive("p1", Eu1, A, 2);
        ledger.Receive("p2", Eu2, A, 3);
        await publisher.PublishAsync();

        Assert.Equal(Web, Assert.Single(ledger.Channels).Channel);
        Assert.Same(web, Assert.Single(publisher.Channels));
        Assert.Equal([new ChannelStockLevel(A, 5)], Assert.Single(web.Batches));
    }
}
