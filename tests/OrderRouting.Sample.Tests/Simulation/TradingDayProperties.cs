using FsCheck;
using FsCheck.Fluent;
using OrderRouting.Sample.Simulation;
using OrderRouting.Testing;
using Xunit;

namespace OrderRouting.Sample.Tests.Simulation;

public sealed class TradingDayProperties
{
    private static readonly double[] Rates = [0, 0.05, 0.3];

    /// <summary>
    /// Random days (seed, size) with random amounts of duplicated and reordered confirmations, duplicated webhooks,
    /// cancellations, time-outs and failed notifications: every invariant of a finished day holds.
    /// </summary>
    [PropertyTest(Divisor = 8)]
    public Property RunAsync_AnyDay_KeepsEveryInvariant()
    {
        var days =
            from seed in Gen.Choose(1, int.MaxValue)
            from orders in Gen.Choose(5, 60)
            from duplicates in Gen.Elements(Rates)
            from reordered in Gen.Elements(Rates)
            from webhooks in Gen.Elements(Rates)
            from cancellations in Gen.Elements(Rates)
            from failures in Gen.Elements(Rates)
            select SampleRun.Small(orders, seed) with
            {
                DuplicateConfirmations = duplicates, OutOfOrderConfirmations = reordered, DuplicateWebhooks = webhooks,
                Cancellations = cancellations, FulfilmentTimeouts = failures / 3, NotificationFailures = failures, ReturnRate = 3,
            };
        return Prop.ForAll(Arb.From(days), settings =>
        {
            var result = SampleRun.RunAsync(settings).GetAwaiter().GetResult();
            var problems = SampleRun.UnfinishedOrders(result)
                .Concat(SampleRun.UnfinishedReturns(result))
                .Concat(SampleRun.LedgerDifferences(result))
                .Concat(SampleRun.NotificationProblems(result))
                .Take(5).ToArray();
            return (problems.Length == 0).Label($"{settings}: {string.Join(" | ", problems)}");
        });
    }
}

public sealed class TradingDayRegressionTests
{
    /// <summary>
    /// Found by the property above: a return whose customer never ships it expired while its "label issued"
    /// notification was still pending after a failed send, and nothing retried it.
    /// </summary>
    [Fact]
    public async Task RunAsync_ReturnExpiresWithFailedNotification_NotificationIsStillDelivered()
    {
        var settings = SampleRun.Small(50, 827642967) with
        {
            NotificationFailures = 0.3, FulfilmentTimeouts = 0.1, ReturnRate = 3,
        };
        var result = await SampleRun.RunAsync(settings);
        Assert.Empty(SampleRun.UnfinishedReturns(result));
        Assert.Empty(SampleRun.UnfinishedOrders(result));
        Assert.Empty(SampleRun.NotificationProblems(result));
    }
}
