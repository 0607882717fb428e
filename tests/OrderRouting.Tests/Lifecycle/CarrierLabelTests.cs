using OrderRouting.Connectors;
using OrderRouting.Events;
using OrderRouting.Lifecycle;
using OrderRouting.Network;
using OrderRouting.Tests.Lifecycle.Support;
using Xunit;
using static OrderRouting.Tests.Lifecycle.Support.LifecycleHarness;

namespace OrderRouting.Tests.Lifecycle;

public class CarrierLabelTests
{
    private static readonly Address Warehouse = Address.Create("DE", "04109");

    /// <summary>A carrier that makes one label per idempotency key, as a real one would, and can fail on demand.</summary>
    private sealed class RecordingCarrier : ICarrierGateway
    {
        public List<LabelRequest> Calls { get; } = [];
        public Dictionary<string, ShippingLabel> Labels { get; } = [];
        public int FailNext { get; set; }

        public ValueTask<ShippingLabel> CreateLabelAsync(LabelRequest request, CancellationToken cancellationToken = default)
        {
            Calls.Add(request);
            if (FailNext > 0)
            {
                FailNext--;
                throw new IOException("label service down");
            }
            if (!Labels.TryGetValue(request.IdempotencyKey, out var label))
                Labels[request.IdempotencyKey] = label = new ShippingLabel(request.Carrier, $"T{Labels.Count + 1}", $"https://labels.example/{request.Reference}");
            return ValueTask.FromResult(label);
        }
    }

    private sealed class World : IDisposable
    {
        private readonly EngineWorld _world = new(Location(A, 1), Location(B, 2));

        public World(bool labelsAtA = true)
        {
            _world.Ledger.Receive(A, Red, 5);
            _world.Ledger.Receive(B, Blue, 5);
            var options = new OrderLifecycleOptions();
            if (labelsAtA) options.ShipFrom[A] = Warehouse;
            Lifecycle = _world.Open(options, Carrier);
            Lifecycle.Events.Subscribe(Events.Add);
        }

        public RecordingFulfilment ProviderA => _world.Providers[A];
        public RecordingFulfilment ProviderB => _world.Providers[B];
        public RecordingCarrier Carrier { get; } = new();
        public OrderLifecycle Lifecycle { get; }
        public List<OrderEvent> Events { get; } = [];

        public void Dispose()
        {
            Lifecycle.Dispose();
            _world.Dispose();
        }

        private static StockLocation Location(LocationId id, int priority) => new()
        {
            Id = id,
            Priority = priority,
            Services =
            [
                new CarrierService { Carrier = "dhl", Service = "express", BaseCost = 9, TransitDays = 1 },
                new CarrierService { Carrier = "dpd", Service = "standard", BaseCost = 4, TransitDays = 2 },
            ],
        };
    }

    [Fact]
    public async Task Ingest_LocationShipsFromAKnownAddress_LabelBoughtForTheChosenServiceAndSentWithTheInstruction()
    {
        using var w = new World();

        await w.Lifecycle.IngestAsync(Order("1", ("1", Red, 2), ("2", Blue, 1)));

        var request = Assert.Single(w.Carrier.Calls);
        Assert.Equal(new LabelRequest("web-1/1:label", "dpd", "standard", Warehouse, Order("1").ShipTo, "web-1/1"), request);
        var atA = Assert.Single(w.ProviderA.Instructions);
        Assert.Equal(new ShippingLabel("dpd", "T1", "https://labels.example/web-1/1"), atA.Label);
        Assert.Equal("standard", atA.Service!.Service);
        var atB = Assert.Single(w.ProviderB.Instructions); // B buys its own labels: the chosen service only
        Assert.Null(atB.Label);
        Assert.Equal("dpd", atB.Service!.Carrier);
        Assert.Equal("web-1/1", Assert.Single(w.Events.OfType<ShipmentLabelled>()).Shipment);
        Assert.Equal(atA.Label, w.Lifecycle.Find(OrderId.Of("web-1"))!.Shipments[0].Label);
    }

    [Fact]
    public async Task Ingest_LabelServiceDown_InstructionWaitsAndTheRetryBuysNoSecondLabel()
    {
        using var w = new World();
        w.Carrier.FailNext = 1;

        await w.Lifecycle.IngestAsync(Order("1", ("1", Red, 1)));

        Assert.Empty(w.ProviderA.Instructions);
        Assert.Equal("carrier", Assert.Single(w.Events.OfType<AdapterCallFailed>()).Adapter);
        Assert.Equal(ShipmentStatus.Submitting, w.Lifecycle.Find(OrderId.Of("web-1"))!.Shipments[0].Status);

        await w.Lifecycle.FlushAsync();
        await w.Lifecycle.FlushAsync();

        Assert.Equal(["web-1/1:label", "web-1/1:label"], w.Carrier.Calls.Select(c => c.IdempotencyKey));
        Assert.Single(w.Carrier.Labels);
        Assert.Equal("T1", Assert.Single(w.ProviderA.Instructions).Label!.TrackingNumber);
        Assert.Single(w.Events.OfType<ShipmentLabelled>());
    }

    [Fact]
    public async Task Ingest_NoShipFromAddresses_NoLabelsBought()
    {
        using var w = new World(labelsAtA: false);

        await w.Lifecycle.IngestAsync(Order("1", ("1", Red, 1)));

        Assert.Empty(w.Carrier.Calls);
        Assert.Null(Assert.Single(w.ProviderA.Instructions).Label);
    }
}
