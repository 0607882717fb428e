using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;
using NodaTime;
using OrderRouting;
using OrderRouting.Connectors;
using OrderRouting.Orders;
using OrderRouting.Ports;
using OrderRouting.Returns;

namespace OrderRouting.Benchmarks.Returns;

/// <summary>
/// A whole return through <see cref="ReturnsService"/> with instant in-memory adapters: open (auto-authorised,
/// label), scan, receipt, inspection (restock), refund, close: seven transitions, every adapter call, notification
/// and callback check included.
/// </summary>
[MinColumn, MedianColumn]
public class ReturnsServiceBenchmarks
{
    private ReturnsService _service = null!;
    private Order _order = null!;
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        _service = NewService();
        _order = new Order
        {
            Id = OrderId.Of("web-1001"),
            Channel = ChannelId.Of("web"),
            ExternalId = "1001",
            PlacedAt = SystemClock.Instance.GetCurrentInstant(),
            ShipTo = Address.Create("DE", "10115"),
            Lines = [new OrderLine("1", Sku.Of("SKU-1"), 1_000_000_000, Money.Of(20m, "EUR"))],
        };
    }

    /// <summary>The service keeps its returns in memory; a fresh one every 10,000 returns keeps the heap flat.</summary>
    private static ReturnsService NewService()
    {
        var options = new ReturnsOptions();
        options.Policy.AutoAuthoriseUpTo[Currency.Of("EUR")] = 1000m;
        return new ReturnsService(
            SystemClock.Instance, new DefaultReturnPolicy(options.Policy, options.AdvanceExchange), new Router(), new Stock(), new Carrier(),
            new Refunds(), new Exchanges(), new Inbound(), new Sink(), options);
    }

    [GlobalCleanup]
    public void Cleanup() => _service.Dispose();

    /// <summary>Per transition (seven per return).</summary>
    [Benchmark(OperationsPerInvoke = 7)]
    public async Task<ReturnState> WholeReturn()
    {
        if (++_n % 10_000 == 0)
        {
            _service.Dispose();
            _service = NewService();
        }
        var key = "k" + _n;
        var lines = new[] { new ReturnedLine("1", 1) };
        var opened = await _service.OpenAsync(new ReturnOpening(key, _order, lines, "changed-mind", null));
        var id = opened.Return;
        await _service.RecordScanAsync(new CarrierScan(key, id, "dhl", "TRK", default));
        await _service.RecordReceiptAsync(new WarehouseReceipt(key, id, Router.Centre, lines));
        await _service.InspectAsync(id, [new LineInspection("1", InspectionOutcome.Resellable, 1)], "inspector");
        return (await _service.ResolveAsync(id, ReturnResolution.Refund, "customer")).State;
    }

    private sealed class Router : IReturnRouter
    {
        public static readonly LocationId Centre = LocationId.Of("returns-centre");
        private static readonly Address Address = OrderRouting.Address.Create("DE", "04109");
        public ReturnRouting Route(ReturnRoutingRequest request) => ReturnRouting.To(Centre, Address, "returns centre");
    }

    private sealed class Stock : IStockReservations
    {
        private static readonly LedgerOutcome Ok = new(LedgerStatus.Accepted, default, [], "");
        public int GetSellable(LocationId location, Sku sku) => 0;
        public LedgerOutcome Reserve(ReserveCommand command) => Ok;
        public LedgerOutcome Commit(CommitCommand command) => Ok;
        public LedgerOutcome Release(ReleaseCommand command) => Ok;
        public LedgerOutcome Restock(RestockCommand command) => Ok;
        public IObservable<StockArrived> Arrivals { get; } = new Subject<StockArrived>();
    }

    private sealed class Carrier : ICarrierGateway
    {
        public ValueTask<ShippingLabel> CreateLabelAsync(LabelRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new ShippingLabel(request.Carrier, "TRK", "doc"));
    }

    private sealed class Refunds : IRefundGateway
    {
        public ValueTask<RefundSubmission> SubmitAsync(RefundRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(RefundSubmission.Completed("PAY"));
    }

    private sealed class Exchanges : IExchangeOrderGateway
    {
        public ValueTask<ExchangePlacement> PlaceAsync(ExchangeOrderRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(ExchangePlacement.Success(OrderId.Of("X")));
    }

    private sealed class Inbound : IInboundReturnNotifier
    {
        public ValueTask NotifyAsync(InboundReturnNotice notice, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class Sink : INotificationSink
    {
        public ValueTask SendAsync(CustomerNotification notification, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
