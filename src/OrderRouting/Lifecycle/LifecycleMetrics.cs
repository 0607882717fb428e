using System.Diagnostics.Metrics;

namespace OrderRouting.Lifecycle;

/// <summary>
/// The lifecycle's instruments, on the meter <c>OrderRouting.Lifecycle</c>: orders routed, split orders, units
/// requested and allocated at first routing (fill rate), exceptions by cause, and routing latency.
/// </summary>
internal sealed class LifecycleMetrics : IDisposable
{
    /// <summary>The meter's name, for <c>AddMeter(...)</c> in OpenTelemetry.</summary>
    public const string MeterName = "OrderRouting.Lifecycle";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _routed;
    private readonly Counter<long> _split;
    private readonly Counter<long> _unitsRequested;
    private readonly Counter<long> _unitsAllocated;
    private readonly Counter<long> _exceptions;
    private readonly Histogram<double> _latency;
    private long _routedTotal, _splitTotal, _requestedTotal, _allocatedTotal;

    public LifecycleMetrics(IMeterFactory? factory)
    {
        _ownsMeter = factory is null;
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _routed = _meter.CreateCounter<long>("orderrouting.orders.routed", "{order}", "Orders routed for the first time.");
        _split = _meter.CreateCounter<long>("orderrouting.orders.split", "{order}", "Orders whose first routing needed more than one shipment.");
        _unitsRequested = _meter.CreateCounter<long>("orderrouting.units.requested", "{unit}", "Units ordered, at first routing.");
        _unitsAllocated = _meter.CreateCounter<long>("orderrouting.units.allocated", "{unit}", "Units held at first routing.");
        _exceptions = _meter.CreateCounter<long>("orderrouting.exceptions", "{exception}", "Exceptions flagged, by cause.");
        _latency = _meter.CreateHistogram<double>("orderrouting.routing.duration", "ms", "Time to plan and reserve one routing.");
        _meter.CreateObservableGauge("orderrouting.split_rate", () => Ratio(_splitTotal, _routedTotal), "1", "Share of orders split over several shipments.");
        _meter.CreateObservableGauge("orderrouting.fill_rate", () => Ratio(_allocatedTotal, _requestedTotal), "1", "Share of units held at first routing.");
    }

    public void Routed(int shipments, long requested, long allocated, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _routedTotal);
        Interlocked.Add(ref _requestedTotal, requested);
        Interlocked.Add(ref _allocatedTotal, allocated);
        _routed.Add(1);
        _unitsRequested.Add(requested);
        _unitsAllocated.Add(allocated);
        if (shipments > 1)
        {
            Interlocked.Increment(ref _splitTotal);
            _split.Add(1);
        }
        _latency.Record(elapsed.TotalMilliseconds);
    }

    public void Exception(ExceptionCause cause) => _exceptions.Add(1, new KeyValuePair<string, object?>("cause", cause.ToString()));

    private static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    public void Dispose()
    {
        if (_ownsMeter) _meter.Dispose();
    }
}
