using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Lifecycle;
using OrderRouting.Orders;
using OrderRouting.Tests.Lifecycle.Support;
using Xunit;
using static OrderRouting.Tests.Lifecycle.Support.LifecycleHarness;

namespace OrderRouting.Tests.Lifecycle;

public sealed class AliasingConcurrencyTests
{
    private sealed class YieldingProvider(params LocationId[] locations) : IFulfilmentProvider
    {
        public IReadOnlyCollection<LocationId> Locations { get; } = locations;
        public async ValueTask<FulfilmentReceipt> SubmitAsync(FulfilmentInstruction i, CancellationToken ct = default)
        { await Task.Yield(); return i.Shipment.GetHashCode() % 5 == 0 ? new FulfilmentReceipt(false, "no") : FulfilmentReceipt.Accept; }
        public async ValueTask CancelAsync(string shipment, CancellationToken ct = default) => await Task.Yield();
    }
    private sealed class YieldingSink : INotificationSink
    {
        public async ValueTask SendAsync(CustomerNotification n, CancellationToken ct = default) { await Task.Yield(); if (n.Key.GetHashCode() % 4 == 0) throw new IOException("down"); }
    }
    private sealed class CountingStore(AliasingTests.Seen seen) : IOrderStore
    {
        private readonly InMemoryOrderStore _inner = new();
        public TrackedOrder AddIfAbsent(TrackedOrder o) { seen.Add(o, "add"); return _inner.AddIfAbsent(o); }
        public void Update(TrackedOrder o) { seen.Add(o, "update"); _inner.Update(o); }
        public TrackedOrder? Find(OrderId id) { var r = _inner.Find(id); seen.Add(r, "find"); return r; }
        public IEnumerable<TrackedOrder> Unsettled() => _inner.Unsettled();
    }

    [Fact]
    public async Task Lifecycle_CommandsDeliveriesAndReadersConcurrently_NothingHandedOutChanges()
    {
        var seen = new AliasingTests.Seen();
        var clock = new FakeClock(Start);
        using var ledger = new InMemoryLedger(clock);
        ledger.Receive(A, Red, 200); ledger.Receive(B, Red, 200); ledger.Receive(C, Red, 200);
        using var lifecycle = new OrderLifecycle(ledger, new FirstFitPlanner([A, B, C]), clock, [new YieldingProvider(A, B, C)],
            store: new CountingStore(seen), notifications: new YieldingSink());
        var orders = Enumerable.Range(1, 60).Select(i => Order(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ("1", Red, 1 + i % 3))).ToArray();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() => { while (!stop.IsCancellationRequested) foreach (var o in orders) seen.Add(lifecycle.Find(o.Id), "reader"); });
        var workers = Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            foreach (var o in orders) await lifecycle.IngestAsync(o);
            foreach (var o in orders)
            {
                foreach (var s in lifecycle.Find(o.Id)!.Shipments)
                    await lifecycle.ConfirmAsync(new DispatchedConfirmation(s.Id, Start, "dhl", "T" + s.Id));
                if (t == 1) await lifecycle.CancelAsync(o.Id);
                await lifecycle.FlushAsync();
            }
        })).ToArray();
        await Task.WhenAll(workers);
        stop.Cancel(); await reader;
        seen.Verify();
    }
}
