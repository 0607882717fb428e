using NodaTime;
using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Events;
using OrderRouting.Lifecycle;
using OrderRouting.Orders;

namespace OrderRouting.Tests.Lifecycle.Support;

/// <summary>Three locations (a, b, c) with one provider each, a fake clock, a recording sink and returns port.</summary>
public sealed class LifecycleHarness : IDisposable
{
    public static readonly LocationId A = LocationId.Of("a"), B = LocationId.Of("b"), C = LocationId.Of("c");
    public static readonly Sku Red = Sku.Of("RED"), Blue = Sku.Of("BLUE");
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 27, 9, 0);

    public LifecycleHarness(OrderLifecycleOptions? options = null, IOrderStore? store = null, IEnumerable<IExceptionPolicy>? policies = null, InMemoryLedger? ledger = null, FakeClock? clock = null)
    {
        Clock = clock ?? new FakeClock(Start);
        _ownsLedger = ledger is null;
        Ledger = ledger ?? new InMemoryLedger(Clock);
        Store = store ?? new InMemoryOrderStore();
        Lifecycle = new OrderLifecycle(Ledger, new FirstFitPlanner([A, B, C]), Clock, [ProviderA, ProviderB, ProviderC], options, Store, Sink, Returns, policies);
        Lifecycle.Events.Subscribe(Events.Add);
    }

    public FakeClock Clock { get; }
    public InMemoryLedger Ledger { get; }
    public IOrderStore Store { get; }
    public RecordingFulfilment ProviderA { get; } = new(A);
    public RecordingFulfilment ProviderB { get; } = new(B);
    public RecordingFulfilment ProviderC { get; } = new(C);
    public RecordingSink Sink { get; } = new();
    public RecordingReturns Returns { get; } = new();
    public OrderLifecycle Lifecycle { get; }
    public List<OrderEvent> Events { get; } = [];

    public static Order Order(string externalId, params (string Line, Sku Sku, int Quantity)[] lines) => new()
    {
        Id = OrderId.Of("web-" + externalId),
        Channel = ChannelId.Of("web"),
        ExternalId = externalId,
        PlacedAt = Start,
        ShipTo = Address.Create("DE", "10115"),
        Lines = lines.Select(l => new OrderLine(l.Line, l.Sku, l.Quantity, Money.Of(10m, "EUR"))).ToArray(),
        CustomerContact = "c@example.com",
    };

    public TrackedOrder Get(string externalId) => Lifecycle.Find(OrderId.Of("web-" + externalId))!;

    public static string Shipment(string externalId, int n) => $"web-{externalId}/{n}";

    private readonly bool _ownsLedger;

    public void Dispose()
    {
        Lifecycle.Dispose();
        if (_ownsLedger) Ledger.Dispose();
    }
}
