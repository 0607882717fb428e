using BenchmarkDotNet.Attributes;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Inventory;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Lifecycle;
using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Routing;

namespace OrderRouting.Benchmarks.Lifecycle;

/// <summary>
/// End to end, one thread: ingest → route (the routing engine, 10 locations) → reserve (the Inventory ledger) →
/// release (an in-memory fulfilment provider) → dispatched confirmation → commit, for 3-line orders. Every order's
/// events and notifications are produced (a subscriber counts the events; the sink discards).
/// With <see cref="CapacityHints"/> the host tells the ledger and the order store how much a day holds
/// (<see cref="InventoryOptions.ExpectedHolds"/>, <see cref="InMemoryOrderStore(int)"/>), as a host that knows its
/// volume would; without, their tables grow through the day.
/// </summary>
[MemoryDiagnoser]
public class OrderLifecycleBenchmarks
{
    private const int Orders = 10_000;
    private const int Locations = 10;
    private const int Skus = 200;
    private static readonly Instant Start = Instant.FromUtc(2026, 11, 27, 9, 0);

    private Order[] _orders = [];
    private LocationId[] _locations = [];
    private RoutingEnginePlanner _planner = null!;
    private FixedClock _clock = null!;
    private StockLedger _ledger = null!;
    private OrderLifecycle _lifecycle = null!;
    private Provider _provider = null!;
    private long _events;

    /// <summary>Whether the ledger and the order store are sized for the day when they are created.</summary>
    [Params(false, true)]
    public bool CapacityHints { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _locations = Enumerable.Range(0, Locations).Select(i => LocationId.Of($"loc-{i}")).ToArray();
        var network = RoutingNetwork.Create(_locations.Select((id, i) => new StockLocation
        {
            Id = id,
            Priority = i,
            Position = GeoPoint.Of(47 + i * 0.5, 6 + i * 0.7),
            Services = [new CarrierService { Carrier = "dhl", Service = "standard", BaseCost = 4, CostPerKm = 0.01, CostPerUnit = 0.2, TransitDays = 2 }],
        }));
        _planner = new RoutingEnginePlanner(new RoutingEngine(network, new RoutingPolicy { Strategy = OrderRouting.Routing.Strategies.RankingStrategies.Distance }));
        var random = new Random(42);
        _orders = Enumerable.Range(0, Orders).Select(i => new Order
        {
            Id = OrderId.Of($"web-{i}"),
            Channel = ChannelId.Of("web"),
            ExternalId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PlacedAt = Start,
            ShipTo = Address.Create("DE", "10115", GeoPoint.Of(47 + random.NextDouble() * 5, 6 + random.NextDouble() * 7)),
            Lines = Enumerable.Range(1, 3).Select(l => new OrderLine(l.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Sku.Of($"SKU-{random.Next(Skus):D4}"), 1 + random.Next(2), Money.Of(10m, "EUR"))).ToArray(),
            CustomerContact = "c@example.com",
        }).ToArray();
    }

    [IterationSetup]
    public void FreshDay()
    {
        _lifecycle?.Dispose();
        _ledger?.Dispose();
        _clock = new FixedClock(Start + Duration.FromMinutes(1)); // orders arrive a minute after they were placed, as by a webhook
        var options = new InventoryOptions();
        foreach (var location in _locations) options.Locations.Add(location);
        if (CapacityHints) options.ExpectedHolds = 2 * Orders; // about 1.5 shipments (holds) per order here
        _ledger = new StockLedger(options, _clock);
        // Each location stocks about 80 % of the SKUs, so most orders fit one location and some split.
        var random = new Random(7);
        for (var l = 0; l < _locations.Length; l++)
        for (var s = 0; s < Skus; s++)
            if (random.NextDouble() < 0.8) _ledger.Receive($"r-{l}-{s}", _locations[l], Sku.Of($"SKU-{s:D4}"), 100_000);
        _provider = new Provider(_locations);
        _lifecycle = new OrderLifecycle(_ledger, _planner, _clock, [_provider], notifications: new DiscardingSink(),
            store: CapacityHints ? new InMemoryOrderStore(Orders) : null);
        _lifecycle.Events.Subscribe(_ => _events++);
    }

    /// <summary>One order end to end; reported per order (10,000 orders per invocation).</summary>
    [Benchmark(OperationsPerInvoke = Orders)]
    public long IngestRouteReserveReleaseDispatchCommit()
    {
        var dispatchedAt = Start + Duration.FromHours(3);
        var shipments = _provider.Shipments;
        foreach (var order in _orders)
        {
            shipments.Clear();
            var ingested = _lifecycle.IngestAsync(order);
            if (!ingested.IsCompletedSuccessfully || !ingested.Result.IsAccepted) throw new InvalidOperationException("ingest failed");
            foreach (var shipment in shipments)
            {
                var confirmed = _lifecycle.ConfirmAsync(new DispatchedConfirmation(shipment, dispatchedAt, "dhl", shipment));
                if (!confirmed.IsCompletedSuccessfully || !confirmed.Result.IsAccepted) throw new InvalidOperationException("dispatch failed");
            }
        }
        return _events;
    }

    private sealed class Provider(IReadOnlyCollection<LocationId> locations) : IFulfilmentProvider
    {
        public List<string> Shipments { get; } = [];
        public IReadOnlyCollection<LocationId> Locations { get; } = locations;

        public ValueTask<FulfilmentReceipt> SubmitAsync(FulfilmentInstruction instruction, CancellationToken cancellationToken = default)
        {
            Shipments.Add(instruction.Shipment);
            return ValueTask.FromResult(FulfilmentReceipt.Accept);
        }

        public ValueTask CancelAsync(string shipment, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }

    private sealed class DiscardingSink : INotificationSink
    {
        public ValueTask SendAsync(CustomerNotification notification, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
