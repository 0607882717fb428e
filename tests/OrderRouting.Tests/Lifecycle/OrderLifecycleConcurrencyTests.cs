using System.Collections.Concurrent;
using NodaTime;
using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Events;
using OrderRouting.Lifecycle;
using OrderRouting.Tests.Lifecycle.Support;
using Xunit;
using static OrderRouting.Tests.Lifecycle.Support.LifecycleHarness;

namespace OrderRouting.Tests.Lifecycle;

[CollectionDefinition(nameof(OrderLifecycleConcurrencyTests), DisableParallelization = true)]
public sealed class ConcurrencyCollection;

/// <summary>Runs alone (not beside other test classes) so that its 2-second bound measures this test, not the machine.</summary>
[Collection(nameof(OrderLifecycleConcurrencyTests))]
public class OrderLifecycleConcurrencyTests
{
    private sealed class ConcurrentProvider(params LocationId[] locations) : IFulfilmentProvider
    {
        public ConcurrentDictionary<string, int> Submitted { get; } = new();
        public IReadOnlyCollection<LocationId> Locations { get; } = locations;

        public ValueTask<FulfilmentReceipt> SubmitAsync(FulfilmentInstruction instruction, CancellationToken cancellationToken = default)
        {
            Submitted.AddOrUpdate(instruction.Shipment, 1, (_, n) => n + 1);
            return ValueTask.FromResult(FulfilmentReceipt.Accept);
        }

        public ValueTask CancelAsync(string shipment, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class ConcurrentSink : INotificationSink
    {
        public ConcurrentDictionary<string, int> Sent { get; } = new();

        public ValueTask SendAsync(CustomerNotification notification, CancellationToken cancellationToken = default)
        {
            Sent.AddOrUpdate(notification.Key, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task IngestAndConfirm_FourThreadsSameWebhooksAndConfirmations_EachOrderOnceEachShipmentCommittedOnce()
    {
        var clock = new FakeClock(Start);
        using var ledger = new InMemoryLedger(clock);
        ledger.Receive(A, Red, 160);
        ledger.Receive(B, Red, 160);
        var provider = new ConcurrentProvider(A, B);
        var sink = new ConcurrentSink();
        using var lifecycle = new OrderLifecycle(ledger, new FirstFitPlanner([A, B]), clock, [provider], notifications: sink);
        var received = 0;
        lifecycle.Events.Subscribe(e => { if (e is OrderReceived) Interlocked.Increment(ref received); });
        var orders = Enumerable.Range(1, 120).Select(i => Order(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ("1", Red, 1 + i % 3))).ToArray();
        using var start = new Barrier(4);

        var workers = Enumerable.Range(0, 4).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            // Every thread delivers every webhook (in a different order), then confirms every shipment the warehouse
            // has been instructed to ship (a warehouse cannot dispatch what it never got; the thread that submitted a
            // shipment always reaches it here, so each shipment is confirmed at least once).
            foreach (var order in t % 2 == 0 ? orders : orders.Reverse())
                lifecycle.IngestAsync(order).AsTask().GetAwaiter().GetResult();
            foreach (var order in orders)
            foreach (var shipment in lifecycle.Find(order.Id)!.Shipments)
                if (provider.Submitted.ContainsKey(shipment.Id))
                    lifecycle.ConfirmAsync(new DispatchedConfirmation(shipment.Id, Start, "dhl", "T-" + shipment.Id)).AsTask().GetAwaiter().GetResult();
        }, TaskCreationOptions.LongRunning)).ToArray();

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(2)); // throws TimeoutException beyond 2 s
        var tracked = orders.Select(o => lifecycle.Find(o.Id)!).ToArray();
        var units = orders.Sum(o => o.Lines[0].Quantity);
        Assert.Equal(120, received);
        Assert.All(tracked, o => Assert.Equal(OrderState.Dispatched, o.State));
        Assert.Equal(units, ledger.Balance(A, Red).Shipped + ledger.Balance(B, Red).Shipped);
        Assert.Equal(0, ledger.Balance(A, Red).Held + ledger.Balance(B, Red).Held);
        Assert.All(provider.Submitted.Values, n => Assert.Equal(1, n));
        Assert.Equal(tracked.Sum(o => o.Shipments.Count), provider.Submitted.Count);
        Assert.All(sink.Sent, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(120 + tracked.Sum(o => o.Shipments.Count), sink.Sent.Count);
    }
}
