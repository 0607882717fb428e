using System.Collections.Concurrent;
using OrderRouting.Ports;

namespace OrderRouting.Routing;

/// <summary>
/// A simple in-memory <see cref="IStockView"/>: on-hand and safety stock per location and SKU, sellable =
/// max(0, on hand − safety stock). For tests, the simulator and hosts without the Inventory package; apply each
/// routing decision with <see cref="Apply"/> so the next order sees the stock it left.
/// </summary>
/// <remarks>Thread-safe: reads are lock-free; writes are serialised, and <see cref="Apply"/> is all-or-nothing.</remarks>
public sealed class InMemoryStockView : IStockView
{
    private readonly ConcurrentDictionary<StockKey, StockLevel> _levels = new();
    private readonly Lock _gate = new();

    /// <summary>Sets a location's on-hand and safety stock of a SKU (replacing what was there).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A quantity is negative.</exception>
    /// <exception cref="ArgumentException">The location or SKU is <c>default</c>.</exception>
    public void Set(LocationId location, Sku sku, int onHand, int safetyStock = 0)
    {
        Check(location, sku);
        Guard.NotNegative(onHand);
        Guard.NotNegative(safetyStock);
        lock (_gate) _levels[new StockKey(location, sku)] = new StockLevel(onHand, safetyStock);
    }

    /// <inheritdoc />
    public int GetSellable(LocationId location, Sku sku) =>
        _levels.TryGetValue(new StockKey(location, sku), out var level) ? Math.Max(0, level.OnHand - level.SafetyStock) : 0;

    /// <summary>The units on hand (0 when unknown).</summary>
    public int GetOnHand(LocationId location, Sku sku) =>
        _levels.TryGetValue(new StockKey(location, sku), out var level) ? level.OnHand : 0;

    /// <summary>
    /// Takes a routing decision's allocated units off hand, all or nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A shipment needs more than is sellable now (stock changed since the
    /// decision); nothing is changed.</exception>
    public void Apply(RoutingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Shipments.Count == 0) return;
        lock (_gate)
        {
            var needed = new Dictionary<StockKey, int>();
            foreach (var shipment in result.Shipments)
                foreach (var line in shipment.Lines)
                {
                    var key = new StockKey(shipment.LocationId, line.Sku);
                    needed[key] = needed.GetValueOrDefault(key) + line.Quantity;
                }
            foreach (var (key, units) in needed)
            {
                var sellable = GetSellable(key.Location, key.Sku);
                if (units > sellable)
                    throw new InvalidOperationException($"order {result.Order.Id}: {units} x {key.Sku} at {key.Location} but only {sellable} sellable; nothing applied");
            }
            foreach (var (key, units) in needed)
            {
                var level = _levels[key];
                _levels[key] = level with { OnHand = level.OnHand - units };
            }
        }
    }

    private static void Check(LocationId location, Sku sku)
    {
        if (location.Value is null) throw new ArgumentException("a location is required", nameof(location));
        if (sku.Value is null) throw new ArgumentException("a SKU is required", nameof(sku));
    }

    private readonly record struct StockKey(LocationId Location, Sku Sku);

    private readonly record struct StockLevel(int OnHand, int SafetyStock);
}
