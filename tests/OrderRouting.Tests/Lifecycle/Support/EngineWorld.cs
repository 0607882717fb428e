using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Lifecycle;
using OrderRouting.Network;
using OrderRouting.Routing;

namespace OrderRouting.Tests.Lifecycle.Support;

/// <summary>
/// Lifecycles planned by the real routing engine over a network the test chooses, on one in-memory ledger, fake clock
/// and order store, with a recording fulfilment provider per location. Opening a second lifecycle is a restart.
/// </summary>
public sealed class EngineWorld : IDisposable
{
    private readonly RoutingNetwork _network;

    public EngineWorld(params StockLocation[] locations)
    {
        _network = RoutingNetwork.Create(locations);
        Ledger = new InMemoryLedger(Clock);
        Providers = locations.ToDictionary(l => l.Id, l => new RecordingFulfilment(l.Id));
    }

    public FakeClock Clock { get; } = new(LifecycleHarness.Start);
    public InMemoryLedger Ledger { get; }
    public InMemoryOrderStore Store { get; } = new();
    public IReadOnlyDictionary<LocationId, RecordingFulfilment> Providers { get; }

    public OrderLifecycle Open(OrderLifecycleOptions? options = null, ICarrierGateway? carrier = null) =>
        new(Ledger, new RoutingEnginePlanner(new RoutingEngine(_network, new RoutingPolicy())), Clock, Providers.Values, options, Store, carrier: carrier);

    public void Dispose() => Ledger.Dispose();
}
