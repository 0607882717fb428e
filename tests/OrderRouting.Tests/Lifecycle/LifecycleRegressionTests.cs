using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Lifecycle;
using OrderRouting.Orders;
using OrderRouting.Tests.Lifecycle.Support;
using Xunit;
using static OrderRouting.Tests.Lifecycle.Support.LifecycleHarness;

namespace OrderRouting.Tests.Lifecycle;

/// <summary>Regression tests for findings of a review of the lifecycle (2026-11-27).</summary>
public sealed class LifecycleRegressionTests
{
    private sealed class GatedProvider(LocationId location) : IFulfilmentProvider
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string> Submitted { get; } = [];
        public List<string> Cancelled { get; } = [];
        public IReadOnlyCollection<LocationId> Locations { get; } = [location];
        public async ValueTask<FulfilmentReceipt> SubmitAsync(FulfilmentInstruction i, CancellationToken ct = default)
        { Entered.TrySetResult(); await Gate.Task; lock (Submitted) Submitted.Add(i.Shipment); return FulfilmentReceipt.Accept; }
        public ValueTask CancelAsync(string shipment, CancellationToken ct = default) { lock (Cancelled) Cancelled.Add(shipment); return ValueTask.CompletedTask; }
    }

    [Fact] // DeliverAsync vs CancelAsync: the WMS accepts an instruction for a shipment the lifecycle already cancelled, and is never told.
    public async Task CancelAsync_WhileTheInstructionIsBeingSubmitted_ProviderIsToldAfterItAccepts()
    {
        var clock = new FakeClock(Start);
        using var ledger = new InMemoryLedger(clock);
        ledger.Receive(A, Red, 5);
        var provider = new GatedProvider(A);
        using var lifecycle = new OrderLifecycle(ledger, new FirstFitPlanner([A]), clock, [provider]);
        var ingest = lifecycle.IngestAsync(Order("1", ("1", Red, 1))).AsTask();
        await provider.Entered.Task;                                  // the instruction is at the WMS, its answer pending
        await lifecycle.CancelAsync(OrderId.Of("web-1"));
        provider.Gate.SetResult();
        await ingest;
        await lifecycle.FlushAsync();
        Assert.Equal(["web-1/1"], provider.Submitted);                // the WMS took it...
        Assert.Equal(OrderState.Cancelled, lifecycle.Find(OrderId.Of("web-1"))!.State);
        Assert.Contains("web-1/1", provider.Cancelled);               // ...and must be told to stop
    }

    [Fact] // InMemoryOrderStore.AddIfAbsent maps (channel, external id) to an id owned by another order
    public async Task IngestAsync_RefusedForAnIdClash_TheSameChannelOrderWithItsOwnIdIsAccepted()
    {
        using var h = new LifecycleHarness();
        h.Ledger.Receive(A, Red, 5);
        await h.Lifecycle.IngestAsync(Order("1", ("1", Red, 1)));                       // web:1 as web-1
        var clash = Order("9", ("1", Red, 1)) with { Id = OrderId.Of("web-1") };        // web:9 reusing id web-1
        Assert.Equal(LifecycleStatus.Invalid, (await h.Lifecycle.IngestAsync(clash)).Status);
        var fixedUp = Order("9", ("1", Red, 1));                                         // re-sent with its own id web-9
        Assert.Equal(LifecycleStatus.Accepted, (await h.Lifecycle.IngestAsync(fixedUp)).Status);
    }

    [Fact] // NotificationData exposes its shared static key array
    public async Task SendAsync_TrackingNotificationData_CannotBeWrittenThrough()
    {
        using var h = new LifecycleHarness();
        h.Ledger.Receive(A, Red, 5);
        await h.Lifecycle.IngestAsync(Order("1", ("1", Red, 1)));
        await h.Lifecycle.IngestAsync(Order("2", ("1", Red, 1)));
        await h.Lifecycle.ConfirmAsync(new DispatchedConfirmation(Shipment("1", 1), Start, "dhl", "T1"));
        await h.Lifecycle.ConfirmAsync(new DispatchedConfirmation(Shipment("2", 1), Start, "dhl", "T2"));
        var one = h.Sink.Effects["web-1/1:dispatched"].Data;
        var two = h.Sink.Effects["web-2/1:dispatched"].Data;
        Assert.IsNotType<string[]>(one.Keys);
        Assert.IsNotType<string[]>(one.Values);
        Assert.Equal(one.Keys, two.Keys);
    }
}
