using System.Reactive.Concurrency;
using NodaTime;
using OrderRouting.Hosting;
using OrderRouting.Inventory.Availability;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Storage;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Availability;

public class ChannelAvailabilityTests
{
    private static readonly ChannelId Web = ChannelId.Of("web");
    private static readonly ChannelId Market = ChannelId.Of("market");

    private static (LedgerTestKit Kit, StockLedger Ledger, HistoricalScheduler Scheduler, List<ChannelAvailabilityChanged> Seen) Setup()
    {
        var kit = new LedgerTestKit(o =>
        {
            o.Channels.Add(new ChannelDefinition(Web, [Eu1, Eu2]) { SafetyBuffer = 1 });
            o.Channels.Add(new ChannelDefinition(Market, [Eu1]) { AllocationPercent = 30, AllocationCap = 5 });
            o.AvailabilityCoalescingWindow = Duration.FromMilliseconds(100);
        });
        kit.Ledger.Dispose();
        var scheduler = new HistoricalScheduler();
        var ledger = new StockLedger(kit.Options, kit.Clock, new InMemoryLedgerStore(), scheduler: scheduler);
        var seen = new List<ChannelAvailabilityChanged>();
        ledger.AvailabilityChanges.Subscribe(seen.Add);
        return (kit, ledger, scheduler, seen);
    }

    [Fact]
    public void GetChannelAvailability_BufferPercentAndCap_Applied()
    {
        var (_, ledger, _, _) = Setup();
        using var _1 = ledger;
        ledger.Receive("p1", Eu1, A, 10);
        ledger.Receive("p2", Eu2, A, 5);
        ledger.Receive("p3", Us1, A, 100);

        Assert.Equal(14, ledger.GetChannelAvailability(Web, A));
        Assert.Equal(3, ledger.GetChannelAvailability(Market, A));
        ledger.Receive("p4", Eu1, A, 90);
        Assert.Equal(5, ledger.GetChannelAvailability(Market, A));
        Assert.Equal(0, ledger.GetChannelAvailability(Web, B));
        Assert.Throws<ArgumentException>(() => ledger.GetChannelAvailability(ChannelId.Of("b2b"), A));
    }

    [Fact]
    public void AvailabilityChanges_ManyChangesInWindow_OneCoalescedChangePerChannelAndSku()
    {
        var (_, ledger, scheduler, seen) = Setup();
        using var _1 = ledger;
        ledger.Receive("p1", Eu1, A, 10);
        ledger.Receive("p2", Eu2, A, 5);
        ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Hour);
        ledger.Reserve("r2", Hold("h2"), Line(Eu1, A, 1), Hour);
        Assert.Empty(seen);

        scheduler.AdvanceBy(TimeSpan.FromMilliseconds(100));

        Assert.Equal(
            [new ChannelAvailabilityChanged(Web, A, 0, 11, Start), new ChannelAvailabilityChanged(Market, A, 0, 2, Start)],
            seen.OrderByDescending(c => c.Channel.Value));
    }

    [Fact]
    public void AvailabilityChanges_ChangeUndoneWithinWindow_PublishesNothing()
    {
        var (_, ledger, scheduler, seen) = Setup();
        using var _1 = ledger;
        ledger.Receive("p1", Eu1, A, 10);
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1));
        seen.Clear();

        ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Hour);
        ledger.Release("x1", Hold("h1"));
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1));

        Assert.Empty(seen);
    }

    [Fact]
    public void AvailabilityChanges_LedgerDisposed_Completes()
    {
        var (_, ledger, _, _) = Setup();
        var completed = false;
        ledger.AvailabilityChanges.Subscribe(_ => { }, () => completed = true);
        ledger.Dispose();
        Assert.True(completed);
    }

    [Fact]
    public void ChannelDefinition_Invalid_AllProblemsReportedTogether()
    {
        var options = NewOptions(o => o.Channels.Add(new ChannelDefinition(Web, [Unknown]) { SafetyBuffer = -1, AllocationPercent = 120 }));
        var error = Assert.Throws<OrderRoutingConfigurationException>(() => new StockLedger(options, new NodaTime.Testing.FakeClock(Start)));
        Assert.Equal(
            [
                "Inventory.Channels[web].Locations: xx-9 is not one of Inventory.Locations",
                "Inventory.Channels[web].SafetyBuffer: must not be negative, was -1",
                "Inventory.Channels[web].AllocationPercent: must be in [0, 100], was 120",
            ],
            error.Problems);
    }
}
