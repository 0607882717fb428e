using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using OrderRouting.Connectors;
using OrderRouting.Hosting;
using OrderRouting.Lifecycle;
using OrderRouting.Ports;
using OrderRouting.Tests.Lifecycle.Support;
using Xunit;
using static OrderRouting.Tests.Lifecycle.Support.LifecycleHarness;

namespace OrderRouting.Tests.Hosting;

public class AddLifecycleTests
{
    private sealed class ProviderA() : IFulfilmentProvider
    {
        private readonly RecordingFulfilment _inner = new(A);
        public IReadOnlyCollection<LocationId> Locations => _inner.Locations;
        public ValueTask<FulfilmentReceipt> SubmitAsync(FulfilmentInstruction instruction, CancellationToken cancellationToken = default) => _inner.SubmitAsync(instruction, cancellationToken);
        public ValueTask CancelAsync(string shipment, CancellationToken cancellationToken = default) => _inner.CancelAsync(shipment, cancellationToken);
    }

    private sealed class WebChannel() : ISalesChannel
    {
        public ChannelId Channel => ChannelId.Of("web");
        public ValueTask<IReadOnlyList<OrderRouting.Orders.Order>> ReceiveAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IReadOnlyList<OrderRouting.Orders.Order>>([]);
        public ValueTask PublishStockAsync(IReadOnlyList<ChannelStockLevel> levels, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private static ServiceCollection Services(FakeClock clock, InMemoryLedger ledger)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddSingleton<IStockReservations>(ledger);
        return services;
    }

    [Fact]
    public async Task AddOrderRouting_WithLifecycleTwice_RegistersEachPartOnceAndWorks()
    {
        var clock = new FakeClock(Start);
        using var ledger = new InMemoryLedger(clock);
        ledger.Receive(A, Red, 5);
        var sink = new RecordingSink();
        var services = Services(clock, ledger);
        services.AddSingleton<INotificationSink>(sink);
        void Configure(OrderRoutingBuilder b) => b
            .UseShipmentPlanner(new FirstFitPlanner([A]))
            .AddChannel<WebChannel>()
            .AddFulfilmentProvider<ProviderA>()
            .AddLifecycle(o => o.MaxReservationAttempts = 2);

        services.AddOrderRouting(Configure).AddOrderRouting(Configure);

        Assert.Single(services, d => d.ServiceType == typeof(OrderLifecycle));
        Assert.Single(services, d => d.ServiceType == typeof(IFulfilmentProvider));
        Assert.Single(services, d => d.ServiceType == typeof(ISalesChannel));
        Assert.Single(services, d => d.ServiceType == typeof(IShipmentPlanner));
        await using var provider = services.BuildServiceProvider();
        var lifecycle = provider.GetRequiredService<OrderLifecycle>();
        var result = await lifecycle.IngestAsync(Order("1", ("1", Red, 2)));
        Assert.Equal(OrderState.Released, result.State);
        Assert.Equal(2, provider.GetRequiredService<OrderLifecycleOptions>().MaxReservationAttempts);
        Assert.Equal("web-1:confirmed", Assert.Single(sink.Calls).Key);
    }

    [Fact]
    public void AddOrderRouting_LifecycleMissingEverything_OneExceptionNamingEachProblem()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<OrderRoutingConfigurationException>(() =>
            services.AddOrderRouting(b => b.AddLifecycle(o => o.HoldTimeToLive = Duration.Zero)));

        Assert.Equal(
        [
            "Lifecycle.HoldTimeToLive: must be positive, was 0:00:00:00",
            "Lifecycle.Planner: no planner is registered; call UseShipmentPlanner(...) (or a routing strategy)",
            "Lifecycle.Ledger: no IStockReservations is registered; call AddInventory(...) or register your ledger",
            "Lifecycle.FulfilmentProviders: no fulfilment provider is registered; call AddFulfilmentProvider<T>()",
        ], error.Problems);
    }

    [Fact]
    public async Task Metrics_OrderRouted_CountsRoutedSplitAndExceptions()
    {
        var measurements = new List<(string Name, double Value)>();
        var factory = new OwnMeterFactory(); // other tests run in parallel: listen to this lifecycle's meter only
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, factory.Created)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => { lock (measurements) measurements.Add((i.Name, v)); });
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => { lock (measurements) measurements.Add((i.Name, v)); });
        listener.Start();
        var clock = new FakeClock(Start);
        using var ledger = new InMemoryLedger(clock);
        ledger.Receive(A, Red, 1);
        ledger.Receive(B, Blue, 1);
        using var lifecycle = new OrderLifecycle(ledger, new FirstFitPlanner([A, B]), clock, [new RecordingFulfilment(A, B)], meterFactory: factory);

        await lifecycle.IngestAsync(Order("1", ("1", Red, 1), ("2", Blue, 1)));
        await lifecycle.IngestAsync(Order("2", ("1", Red, 1)));

        List<(string Name, double Value)> mine;
        lock (measurements) mine = measurements.ToList();
        Assert.Equal(2, mine.Where(m => m.Name == "orderrouting.orders.routed").Sum(m => m.Value));
        Assert.Equal(1, mine.Where(m => m.Name == "orderrouting.orders.split").Sum(m => m.Value));
        Assert.Equal(1, mine.Where(m => m.Name == "orderrouting.exceptions").Sum(m => m.Value));
        Assert.Equal(3, mine.Where(m => m.Name == "orderrouting.units.requested").Sum(m => m.Value));
        Assert.Equal(2, mine.Where(m => m.Name == "orderrouting.units.allocated").Sum(m => m.Value));
        Assert.Equal(2, mine.Count(m => m.Name == "orderrouting.routing.duration"));
    }

    private sealed class OwnMeterFactory : IMeterFactory
    {
        public Meter? Created { get; private set; }

        public Meter Create(MeterOptions options)
        {
            Assert.Equal(OrderLifecycle.MeterName, options.Name);
            return Created = new Meter(options);
        }

        public void Dispose() => Created?.Dispose();
    }
}
