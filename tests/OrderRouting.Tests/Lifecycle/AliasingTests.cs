using System.Runtime.CompilerServices;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Lifecycle;
using OrderRouting.Orders;
using OrderRouting.Tests.Lifecycle.Support;
using Xunit;
using static OrderRouting.Tests.Lifecycle.Support.LifecycleHarness;

namespace OrderRouting.Tests.Lifecycle;

/// <summary>Snapshots every TrackedOrder that crosses the store boundary, or reaches a policy / subscriber, and checks none changes later.</summary>
public sealed class AliasingTests
{
    internal static string Snap(TrackedOrder o) => string.Join("|",
        o.State, o.Version, o.ShipmentSequence, o.ReleaseRequested, o.NotificationSequence, o.AwaitingStock, o.OpenException?.Cause,
        string.Join(",", o.Shipments.Select(s => $"{s.Id}:{s.Status}:{s.Label}:{s.Releases}:{string.Join("+", s.Lines.Select(l => $"{l.LineId}x{l.Quantity}"))}:{s.Parked.Count}")),
        string.Join(",", o.PendingNotifications.Select(n => n.Key + "=" + string.Join(";", n.Data.Select(kv => kv.Key + ":" + kv.Value)))),
        string.Join(",", o.NotifiedTopics), string.Join(",", o.PendingCancellations), string.Join(",", o.PendingReturns.Select(r => r.IdempotencyKey)),
        string.Join(",", o.CancelledUnits.Select(kv => kv.Key + kv.Value)), string.Join(",", o.ExceptionCounts.Select(kv => $"{kv.Key}{kv.Value}")));

    internal sealed class Seen
    {
        private readonly List<(TrackedOrder Order, string Snap, string Where)> _seen = [];
        private readonly ConditionalWeakTable<TrackedOrder, object> _known = new();
        public void Add(TrackedOrder? o, string where)
        {
            if (o is null) return;
            lock (_seen) { if (_known.TryAdd(o, where)) _seen.Add((o, Snap(o), where)); }
        }
        public void Verify()
        {
            lock (_seen)
                foreach (var (o, snap, where) in _seen) Assert.True(snap == Snap(o), $"{where}: was\n{snap}\nnow\n{Snap(o)}");
        }
    }

    private sealed class WatchingStore(Seen seen) : IOrderStore
    {
        private readonly InMemoryOrderStore _inner = new();
        public TrackedOrder AddIfAbsent(TrackedOrder order) { seen.Add(order, "AddIfAbsent arg"); var r = _inner.AddIfAbsent(order); seen.Add(r, "AddIfAbsent result"); return r; }
        public void Update(TrackedOrder order) { seen.Add(order, "Update arg v" + order.Version); _inner.Update(order); }
        public TrackedOrder? Find(OrderId id) { var r = _inner.Find(id); seen.Add(r, "Find"); return r; }
        public IEnumerable<TrackedOrder> Unsettled() { var r = _inner.Unsettled().ToArray(); foreach (var o in r) seen.Add(o, "Unsettled"); return r; }
    }

    private sealed class KeepingPolicy(Seen seen) : IExceptionPolicy
    {
        public ExceptionAction Decide(in ExceptionArguments arguments) { seen.Add(arguments.Order, "policy " + arguments.Cause); return ExceptionAction.Pass; }
    }

    [Fact]
    public async Task Lifecycle_EveryOrderHandedOut_NeverChangesAfterwards()
    {
        var seen = new Seen();
        using var h = new LifecycleHarness(store: new WatchingStore(seen), policies: [new KeepingPolicy(seen)]);
        h.Lifecycle.Events.Subscribe(e => seen.Add(h.Lifecycle.Find(e.Order), "event " + e.GetType().Name));
        h.Ledger.Receive(A, Red, 2); h.Ledger.Receive(B, Red, 2); h.Ledger.Receive(C, Blue, 1);
        h.ProviderB.Answer = i => new FulfilmentReceipt(false, "full");          // b rejects: FlagException + reroute
        h.Sink.FailNext = 3;                                                      // notifications stay pending
        await h.Lifecycle.IngestAsync(Order("1", ("1", Red, 3), ("2", Blue, 2))); // partial: backorder of Blue
        await h.Lifecycle.IngestAsync(Order("2", ("1", Red, 1)));
        h.Ledger.Receive(C, Blue, 3);                                             // arrival allocates the backorder
        h.ProviderB.Answer = null;
        await h.Lifecycle.FlushAsync();
        var o = h.Get("1");
        foreach (var s in o.Shipments.Where(s => s.IsLive))
        {
            var picked = s.Lines.Select(l => l with { Quantity = Math.Max(0, l.Quantity - 1) }).Where(l => l.Quantity > 0).ToArray();
            await h.Lifecycle.ConfirmAsync(new PickedConfirmation(s.Id, Start, picked.Length > 0 ? picked : [s.Lines[0]]));
        }
        foreach (var s in h.Get("1").Shipments.Where(s => s.IsLive))
        {
            await h.Lifecycle.ConfirmAsync(new DeliveredConfirmation(s.Id, Start));   // parked
            await h.Lifecycle.ConfirmAsync(new DispatchedConfirmation(s.Id, Start, "dhl", "T" + s.Id));
        }
        await h.Lifecycle.CancelAsync(OrderId.Of("web-2"));
        await h.Lifecycle.RequestReturnAsync(OrderId.Of("web-1"), [new LineUnits("1", 1)], "damaged");
        h.Clock.Advance(Duration.FromDays(3));
        await h.Lifecycle.ExpireHoldsAsync();
        await h.Lifecycle.FlushAsync();
        seen.Verify();
    }
}
