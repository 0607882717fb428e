using Microsoft.Extensions.DependencyInjection;
using OrderRouting.Connectors;
using OrderRouting.Inventory.Availability;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Lifecycle;
using OrderRouting.Sample.Channels;
using OrderRouting.Sample.Fulfilment;
using OrderRouting.Sample.Simulation;
using Xunit;

namespace OrderRouting.Sample.Tests.Simulation;

public sealed class TradingDayTests
{
    [Fact]
    public async Task RunAsync_SmallDay_EveryOrderEndsTerminalOrWithAFlaggedException()
    {
        var result = await SampleRun.RunAsync(SampleRun.Small());

        Assert.Empty(SampleRun.UnfinishedOrders(result));
        Assert.True(result.Report.Orders >= 300, $"only {result.Report.Orders} orders received");
        Assert.True(result.Report.Delivered > 250, $"only {result.Report.Delivered} delivered");
    }

    [Fact]
    public async Task RunAsync_SmallDay_EveryReturnEndsInATerminalState()
    {
        var result = await SampleRun.RunAsync(SampleRun.Small(seed: 3));

        Assert.NotEmpty(result.Returns);
        Assert.Empty(SampleRun.UnfinishedReturns(result));
    }

    [Fact]
    public async Task RunAsync_SmallDay_LedgerBalancesEqualReceiptsMinusShipmentsPlusRestocks()
    {
        var result = await SampleRun.RunAsync(SampleRun.Small(seed: 2));

        Assert.Empty(SampleRun.LedgerDifferences(result));
        Assert.Contains(result.Returns, r => r.Lines.Any(l => l.Restocked > 0)); // the formula was exercised by restocks
    }

    [Fact]
    public async Task RunAsync_SmallDay_NoNotificationEffectTwiceAndNoneLost()
    {
        var settings = SampleRun.Small(seed: 4) with { NotificationFailures = 0.2 };

        var result = await SampleRun.RunAsync(settings);

        Assert.Empty(SampleRun.NotificationProblems(result));
        Assert.True(result.NotificationsDeduplicated > 0, "no retry after a lost answer was exercised");
    }

    [Fact]
    public async Task RunAsync_SmallDay_EveryStorefrontShowsWhatTheLedgerLetsItSell()
    {
        var differences = new List<string>();
        var published = 0;
        await SampleRun.RunAsync(SampleRun.Small(orders: 150, seed: 8), async (services, _) =>
        {
            var ledger = services.GetRequiredService<StockLedger>();
            await services.GetRequiredService<ChannelStockPublisher>().PublishAsync(); // the day's last changes
            foreach (var channel in services.GetServices<ISalesChannel>().Cast<ChannelInbox>())
            {
                var shown = channel.Published.ToDictionary(l => l.Sku, l => l.Sellable);
                published += shown.Count;
                foreach (var product in SampleWorld.Catalogue)
                {
                    var sellable = ledger.GetChannelAvailability(channel.Channel, product.Sku);
                    if (shown.GetValueOrDefault(product.Sku, -1) != sellable)
                        differences.Add($"{channel.Channel} shows {shown.GetValueOrDefault(product.Sku, -1)} of {product.Sku}, the ledger says {sellable}");
                }
            }
        });

        Assert.Equal(3 * SampleWorld.Catalogue.Count, published);
        Assert.Empty(differences);
    }

    [Fact]
    public async Task ConfirmAsync_EveryConfirmationDeliveredAgainAfterTheDay_ChangesNothing()
    {
        var answers = new List<LifecycleStatus>();
        var unchanged = true;
        var replayed = 0;
        await SampleRun.RunAsync(SampleRun.Small(orders: 150, seed: 5), async (services, result) =>
        {
            var lifecycle = services.GetRequiredService<OrderLifecycle>();
            var ledger = services.GetRequiredService<StockLedger>();
            var before = result.Orders.Select(o => lifecycle.Find(o.Id)!).ToArray();
            var balances = ledger.GetBalances().OrderBy(b => b.Location).ThenBy(b => b.Sku).ToArray();
            foreach (var confirmation in services.GetRequiredService<FulfilmentWebhook>().Received.ToArray())
            {
                answers.Add((await lifecycle.ConfirmAsync(confirmation)).Status);
                replayed++;
            }
            var after = result.Orders.Select(o => lifecycle.Find(o.Id)!).ToArray();
            unchanged = before.Zip(after).All(p => ReferenceEquals(p.First, p.Second)) &&
                        balances.SequenceEqual(ledger.GetBalances().OrderBy(b => b.Location).ThenBy(b => b.Sku));
        });

        Assert.True(replayed > 300, $"only {replayed} confirmations replayed");
        Assert.DoesNotContain(LifecycleStatus.Accepted, answers);
        Assert.True(unchanged, "a repeated confirmation changed an order or the ledger");
    }

    [Fact]
    public async Task RunAsync_DuplicateAndOutOfOrderConfirmations_ChangeNothingReported()
    {
        var orderly = SampleRun.Small(orders: 200, seed: 6) with { DuplicateConfirmations = 0, OutOfOrderConfirmations = 0 };
        var messy = orderly with { DuplicateConfirmations = 0.3, OutOfOrderConfirmations = 0.3, NotificationsPath = SampleRun.TempFile("n.jsonl") };

        var clean = await SampleRun.RunAsync(orderly);
        var noisy = await SampleRun.RunAsync(messy);

        Assert.True(noisy.ConfirmationAnswers.GetValueOrDefault(LifecycleStatus.Duplicate) > 50, "the messy day had few duplicates");
        Assert.Equal(clean.Report.ToJson(), noisy.Report.ToJson());
        Assert.Equal(clean.Orders.Select(o => (o.Id, o.State)), noisy.Orders.Select(o => (o.Id, o.State)));
        Assert.Equal(clean.Balances, noisy.Balances);
        // The same messages, except that an out-for-delivery scan arriving after the delivery is (rightly) not announced.
        var cleanKeys = NotificationKeys(clean);
        var noisyKeys = NotificationKeys(noisy);
        Assert.Subset(cleanKeys, noisyKeys);
        Assert.All(cleanKeys.Except(noisyKeys), key => Assert.EndsWith(":out-for-delivery", key, StringComparison.Ordinal));
    }

    private static HashSet<string> NotificationKeys(OrderRouting.Sample.Simulation.SimulationResult result) =>
        File.ReadAllLines(result.NotificationsPath)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("key").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task RunAsync_SameSeed_SameReportAndEvents()
    {
        var first = await SampleRun.RunAsync(SampleRun.Small(orders: 200, seed: 8));
        var second = await SampleRun.RunAsync(SampleRun.Small(orders: 200, seed: 8));

        Assert.Equal(first.Report.ToJson(), second.Report.ToJson());
        Assert.Equal(first.Events.Count, second.Events.Count);
        Assert.Equal(File.ReadAllText(first.NotificationsPath), File.ReadAllText(second.NotificationsPath));
    }
}
