using System.Reactive.Subjects;
using NodaTime;
using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Orders;
using OrderRouting.Ports;

namespace OrderRouting.Returns.Tests.Support;

/// <summary>An in-memory stock port that keeps restocks and holds, idempotent by key like the real ledger.</summary>
public sealed class RecordingStock : IStockReservations
{
    private readonly Dictionary<string, LedgerOutcome> _seen = new(StringComparer.Ordinal);
    public List<RestockCommand> Restocks { get; } = [];
    public Dictionary<HoldId, ReserveCommand> Holds { get; } = [];
    public List<HoldId> Released { get; } = [];
    public bool Fail { get; set; }
    public bool Short { get; set; }

    public int GetSellable(LocationId location, Sku sku) => 0;

    public LedgerOutcome Reserve(ReserveCommand command)
    {
        if (Fail) throw new InvalidOperationException("ledger unavailable");
        if (_seen.TryGetValue(command.IdempotencyKey, out var earlier)) return earlier with { IsReplay = true };
        var outcome = Short
            ? new LedgerOutcome(LedgerStatus.InsufficientStock, command.Hold, command.Lines, "not enough stock")
            : Ok(command.Hold);
        if (outcome.IsAccepted) Holds[command.Hold] = command;
        return _seen[command.IdempotencyKey] = outcome;
    }

    public LedgerOutcome Commit(CommitCommand command) => throw new NotSupportedException("returns never commit");

    public LedgerOutcome Release(ReleaseCommand command)
    {
        if (Fail) throw new InvalidOperationException("ledger unavailable");
        if (_seen.TryGetValue(command.IdempotencyKey, out var earlier)) return earlier with { IsReplay = true };
        if (!Holds.Remove(command.Hold)) return _seen[command.IdempotencyKey] = new LedgerOutcome(LedgerStatus.UnknownHold, command.Hold, [], "no such hold");
        Released.Add(command.Hold);
        return _seen[command.IdempotencyKey] = Ok(command.Hold);
    }

    public LedgerOutcome Restock(RestockCommand command)
    {
        if (Fail) throw new InvalidOperationException("ledger unavailable");
        if (_seen.TryGetValue(command.IdempotencyKey, out var earlier)) return earlier with { IsReplay = true };
        Restocks.Add(command);
        return _seen[command.IdempotencyKey] = Ok(default);
    }

    public IObservable<StockArrived> Arrivals { get; } = new Subject<StockArrived>();

    public int RestockedUnits(string sku) => Restocks.Where(r => r.Line.Sku.Value == sku).Sum(r => r.Line.Quantity);

    private static LedgerOutcome Ok(HoldId hold) => new(LedgerStatus.Accepted, hold, [], "");
}

public sealed class FakeCarrier : ICarrierGateway
{
    public bool Down { get; set; }
    public List<LabelRequest> Requests { get; } = [];

    public ValueTask<ShippingLabel> CreateLabelAsync(LabelRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        if (Down) throw new HttpRequestException("503 label service unavailable");
        return ValueTask.FromResult(new ShippingLabel(request.Carrier, "TRK-" + request.Reference, "https://labels/" + request.Reference));
    }
}

public sealed class FakeRefunds : IRefundGateway
{
    public Func<RefundRequest, RefundSubmission> Answer { get; set; } = r => RefundSubmission.Completed("PAY-" + r.IdempotencyKey);
    public List<RefundRequest> Requests { get; } = [];
    public Dictionary<string, Money> Paid { get; } = new(StringComparer.Ordinal);

    public ValueTask<RefundSubmission> SubmitAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        var answer = Answer(request);
        if (answer.Status == RefundSubmissionStatus.Completed) Paid[request.IdempotencyKey] = request.Amount;
        return ValueTask.FromResult(answer);
    }
}

public sealed class FakeExchanges : IExchangeOrderGateway
{
    public Func<ExchangeOrderRequest, ExchangePlacement> Answer { get; set; } = r => ExchangePlacement.Success(OrderId.Of("X-" + r.Return));
    public List<ExchangeOrderRequest> Requests { get; } = [];

    public ValueTask<ExchangePlacement> PlaceAsync(ExchangeOrderRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        return ValueTask.FromResult(Answer(request));
    }
}

public sealed class FakeInbound : IInboundReturnNotifier
{
    public bool Down { get; set; }
    public List<InboundReturnNotice> Notices { get; } = [];

    public ValueTask NotifyAsync(InboundReturnNotice notice, CancellationToken cancellationToken = default)
    {
        if (Down) throw new InvalidOperationException("WMS unreachable");
        Notices.Add(notice);
        return ValueTask.CompletedTask;
    }
}

public sealed class FakeNotifications : INotificationSink
{
    public bool Down { get; set; }
    public List<CustomerNotification> Sent { get; } = [];

    public ValueTask SendAsync(CustomerNotification notification, CancellationToken cancellationToken = default)
    {
        if (Down) throw new InvalidOperationException("mail server down");
        Sent.Add(notification);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Routes every return to one returns centre.</summary>
public sealed class FixedRouter : IReturnRouter
{
    public static readonly LocationId Centre = LocationId.Of("returns-centre");
    public static readonly Address CentreAddress = Address.Create("DE", "04109", GeoPoint.Of(51.34, 12.37));

    public ReturnRouting Route(ReturnRoutingRequest request) => ReturnRouting.To(Centre, CentreAddress, "the only returns centre");
}

/// <summary>A returns service wired to in-memory doubles and a fake clock.</summary>
public sealed class ReturnsFixture : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 27, 9, 0);

    public ReturnsFixture(Action<ReturnsOptions>? configure = null, IReturnRouter? router = null, Func<IReturnPolicy, IReturnPolicy>? decorate = null)
    {
        Options = new ReturnsOptions();
        Options.Policy.AutoAuthoriseUpTo[Currency.Of("EUR")] = 200m;
        configure?.Invoke(Options);
        Service = new ReturnsService(
            Clock, (decorate ?? (p => p))(new DefaultReturnPolicy(Options.Policy, Options.AdvanceExchange)), router ?? new FixedRouter(), Stock, Carrier,
            Refunds, Exchanges, Inbound, Notifications, Options);
        Service.Events.Subscribe(Events.Add);
    }

    public FakeClock Clock { get; } = new(Start);
    public ReturnsOptions Options { get; }
    public RecordingStock Stock { get; } = new();
    public FakeCarrier Carrier { get; } = new();
    public FakeRefunds Refunds { get; } = new();
    public FakeExchanges Exchanges { get; } = new();
    public FakeInbound Inbound { get; } = new();
    public FakeNotifications Notifications { get; } = new();
    public ReturnsService Service { get; }
    public List<ReturnEvent> Events { get; } = [];

    /// <summary>An order of three lines: 3 × SKU-A at 20 EUR, 1 × SKU-B at 50 EUR, 2 × SKU-C at 5 EUR; shipping 4.90 EUR.</summary>
    public static Order Order(string id = "web-1001", string channel = "web") => new()
    {
        Id = OrderId.Of(id),
        Channel = ChannelId.Of(channel),
        ExternalId = id,
        PlacedAt = Start - Duration.FromDays(5),
        ShipTo = Address.Create("DE", "10115", GeoPoint.Of(52.53, 13.38)),
        Lines =
        [
            new OrderLine("1", Sku.Of("SKU-A"), 3, Money.Of(20m, "EUR")),
            new OrderLine("2", Sku.Of("SKU-B"), 1, Money.Of(50m, "EUR")),
            new OrderLine("3", Sku.Of("SKU-C"), 2, Money.Of(5m, "EUR")),
        ],
        ShippingCharge = Money.Of(4.90m, "EUR"),
        CustomerContact = "ada@example.com",
    };

    public static ReturnOpening Opening(string key = "open-1", Order? order = null, string reason = "changed-mind", params ReturnedLine[] lines) =>
        new(key, order ?? Order(), lines.Length == 0 ? [new ReturnedLine("1", 3)] : lines, reason, new LocalDate(2026, 11, 25));

    public async Task<ReturnId> OpenAuthorisedAsync(params ReturnedLine[] lines)
    {
        var opened = await Service.OpenAsync(Opening(lines: lines));
        Assert.True(opened.Accepted, opened.Reason);
        return opened.Return;
    }

    public ReturnSnapshot Get(ReturnId id) => Service.Find(id) ?? throw new InvalidOperationException("no return " + id);

    public static WarehouseReceipt Receipt(ReturnId id, string key, params ReturnedLine[] lines) =>
        new(key, id, FixedRouter.Centre, lines);

    public void Dispose() => Service.Dispose();
}

/// <summary>A policy that quotes twice what was paid: the service must still never pay more than was paid.</summary>
public sealed class GreedyPolicy(IReturnPolicy inner) : IReturnPolicy
{
    public ReturnEligibility Assess(ReturnOpening request, Instant now) => inner.Assess(request, now);
    public Instant ShipBy(ReturnOpening request, Instant authorisedAt) => inner.ShipBy(request, authorisedAt);
    public string? RefuseAdvanceExchange(ReturnOpening request) => inner.RefuseAdvanceExchange(request);
    public bool IsResolvable(InspectionOutcome outcome, string reasonCode) => true;

    public RefundQuote QuoteRefund(RefundQuoteRequest request)
    {
        var quote = inner.QuoteRefund(request);
        return quote with { Lines = quote.Lines + quote.Lines, Shipping = quote.Shipping + new Money(10m, quote.Lines.Currency) };
    }
}
