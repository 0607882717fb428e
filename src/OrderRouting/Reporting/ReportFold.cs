using OrderRouting.Events;
using OrderRouting.Lifecycle;

namespace OrderRouting.Reporting;

/// <summary>The running totals behind <see cref="OperationalReport.From"/>; every output is sorted by key.</summary>
internal sealed class ReportFold
{
    private int _orders, _delivered, _cancelled, _routed, _filled, _split;
    private double _shippingCost;
    private readonly HashSet<OrderId> _dispatchedOrders = [];
    private readonly Dictionary<LocationId, (int Count, double TotalHours, double MaxHours)> _fulfilment = new();
    private readonly Dictionary<Sku, (long Dispatched, long Returned)> _byProduct = new();
    private readonly Dictionary<OrderId, ChannelId> _channelOf = new();
    private readonly Dictionary<ChannelId, (HashSet<OrderId> Dispatched, HashSet<OrderId> Returned)> _byChannel = new();
    private readonly Dictionary<string, (int OnTime, int Promised)> _carriers = new(StringComparer.Ordinal);
    private readonly Dictionary<ExceptionCause, int> _exceptions = new();
    private int _shadowOrders, _liveSplit, _shadowSplit, _liveFilled, _shadowFilled, _shadowCheaper, _promisePairs;
    private double _liveCost, _shadowCost, _promiseHours;

    public void Add(OrderEvent e)
    {
        switch (e)
        {
            case OrderReceived r:
                _orders++;
                _channelOf[r.Order] = r.Placed.Channel;
                break;
            case OrderStateChanged { To: OrderState.Delivered }:
                _delivered++;
                break;
            case OrderStateChanged { To: OrderState.Cancelled }:
                _cancelled++;
                break;
            case OrderRouted { IsFirst: true } routed:
                _routed++;
                if (routed.Backordered.Count == 0) _filled++;
                if (routed.Shipments.Count > 1) _split++;
                break;
            case ShipmentDispatched d:
                _shippingCost += d.ShippingCost;
                _dispatchedOrders.Add(d.Order);
                var hours = (d.At - d.PlacedAt).TotalHours;
                var (count, total, max) = _fulfilment.GetValueOrDefault(d.Location);
                _fulfilment[d.Location] = (count + 1, total + hours, Math.Max(max, hours));
                foreach (var line in d.Lines)
                {
                    var p = _byProduct.GetValueOrDefault(line.Sku);
                    _byProduct[line.Sku] = (p.Dispatched + line.Quantity, p.Returned);
                }
                if (_channelOf.TryGetValue(d.Order, out var channel)) Channel(channel).Dispatched.Add(d.Order);
                break;
            case ReturnRequested ret:
                foreach (var line in ret.Lines)
                {
                    var p = _byProduct.GetValueOrDefault(line.Sku);
                    _byProduct[line.Sku] = (p.Dispatched, p.Returned + line.Quantity);
                }
                Channel(ret.Channel).Returned.Add(ret.Order);
                break;
            case ShipmentDelivered { OnTime: { } onTime } delivered:
                var c = _carriers.GetValueOrDefault(delivered.Carrier);
                _carriers[delivered.Carrier] = (c.OnTime + (onTime ? 1 : 0), c.Promised + 1);
                break;
            case ExceptionFlagged flagged:
                _exceptions[flagged.Exception.Cause] = _exceptions.GetValueOrDefault(flagged.Exception.Cause) + 1;
                break;
            case ShadowRouted shadow:
                _shadowOrders++;
                _liveCost += shadow.Live.ShippingCost;
                _shadowCost += shadow.Shadow.ShippingCost;
                if (shadow.Live.Shipments.Count > 1) _liveSplit++;
                if (shadow.Shadow.Shipments.Count > 1) _shadowSplit++;
                if (shadow.Live.Unfilled.Count == 0) _liveFilled++;
                if (shadow.Shadow.Unfilled.Count == 0) _shadowFilled++;
                if (shadow.Shadow.ShippingCost < shadow.Live.ShippingCost) _shadowCheaper++;
                if (shadow.Live.PromisedBy is { } live && shadow.Shadow.PromisedBy is { } candidate)
                {
                    _promisePairs++;
                    _promiseHours += (candidate - live).TotalHours;
                }
                break;
        }
    }

    public OperationalReport ToReport() => new()
    {
        Orders = _orders,
        Delivered = _delivered,
        Cancelled = _cancelled,
        FillRate = Rate(_filled, _routed),
        SplitRate = Rate(_split, _routed),
        AverageShippingCost = Round(_dispatchedOrders.Count == 0 ? 0 : _shippingCost / _dispatchedOrders.Count),
        FulfilmentTimeByLocation = Sorted(_fulfilment, l => l.Value, t => new FulfilmentTime(t.Count, Round(t.TotalHours / t.Count), Round(t.MaxHours))),
        ReturnsRateByProduct = Sorted(_byProduct, s => s.Value, p => Rate(p.Returned, p.Dispatched)),
        ReturnsRateByChannel = Sorted(_byChannel, c => c.Value, c => Rate(c.Returned.Count, c.Dispatched.Count)),
        CarrierOnTimeRate = Sorted(_carriers, c => c, c => Rate(c.OnTime, c.Promised)),
        ExceptionsByCause = Sorted(_exceptions, c => c.ToString(), n => n),
        Shadow = _shadowOrders == 0 ? null : new ShadowComparison(
            _shadowOrders, Round(_liveCost / _shadowOrders), Round(_shadowCost / _shadowOrders), Rate(_liveSplit, _shadowOrders),
            Rate(_shadowSplit, _shadowOrders), Rate(_liveFilled, _shadowOrders), Rate(_shadowFilled, _shadowOrders),
            Round(_promisePairs == 0 ? 0 : _promiseHours / _promisePairs), _shadowCheaper),
    };

    private (HashSet<OrderId> Dispatched, HashSet<OrderId> Returned) Channel(ChannelId channel)
    {
        if (!_byChannel.TryGetValue(channel, out var sets)) _byChannel[channel] = sets = ([], []);
        return sets;
    }

    private static SortedDictionary<string, TOut> Sorted<TKey, TIn, TOut>(Dictionary<TKey, TIn> source, Func<TKey, string> key, Func<TIn, TOut> value)
        where TKey : notnull
    {
        var sorted = new SortedDictionary<string, TOut>(StringComparer.Ordinal);
        foreach (var (k, v) in source) sorted[key(k)] = value(v);
        return sorted;
    }

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Round((double)part / whole);

    private static double Round(double value) => Math.Round(value, 4, MidpointRounding.ToEven);
}
