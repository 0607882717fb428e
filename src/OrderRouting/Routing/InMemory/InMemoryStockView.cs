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

    // Column layout for reading one SKU at many locations: a slot per location, per SKU an array of sellable units by
    // slot, and the slots of the last location list read (routing reads its network's list on every order).
    private readonly ConcurrentDictionary<LocationId, int> _slots = new();
    private readonly ConcurrentDictionary<Sku, Column> _columns = new();
    private int _slotCount;
    private SlotMap? _lastMap;

    /// <summary>Sets a location's on-hand and safety stock of a SKU (replacing what was there).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A quantity is negative.</exception>
    /// <exception cref="ArgumentException">The location or SKU is <c>default</c>.</exception>
    public void Set(LocationId location, Sku sku, int onHand, int safetyStock = 0)
    {
        Check(location, sku);
        Guard.NotNegative(onHand);
        Guard.NotNegative(safetyStock);
        lock (_gate)
        {
            var level = new StockLevel(onHand, safetyStock);
            _levels[new StockKey(location, sku)] = level;
            SetColumn(location, sku, level.Sellable);
        }
    }

    /// <inheritdoc />
    public int GetSellable(LocationId location, Sku sku) =>
        _levels.TryGetValue(new StockKey(location, sku), out var level) ? level.Sellable : 0;

    /// <inheritdoc />
    /// <remarks>One SKU lookup, then an array read per location (the location list's slots are cached while the same
    /// list is read again, as routing does).</remarks>
    public void GetSellable(Sku sku, ReadOnlySpan<LocationId> locations, Span<int> sellable)
    {
        IStockView.CheckColumn(locations.Length, sellable);
        if (!_columns.TryGetValue(sku, out var column))
        {
            sellable[..locations.Length].Clear();
            return;
        }
        Read(column, SlotsOf(locations), sellable);
    }

    /// <inheritdoc />
    /// <remarks>The location list's slots are found once for all the SKUs, then one SKU lookup and an array read per
    /// location for each.</remarks>
    public void GetSellable(ReadOnlySpan<Sku> skus, ReadOnlySpan<LocationId> locations, Span<int> sellable)
    {
        IStockView.CheckColumns(skus.Length, locations.Length, sellable);
        var n = locations.Length;
        var slots = SlotsOf(locations);
        for (var k = 0; k < skus.Length; k++)
        {
            var values = sellable.Slice(k * n, n);
            if (_columns.TryGetValue(skus[k], out var column)) Read(column, slots, values);
            else values.Clear();
        }
    }

    /// <summary>Each slot's value in the column (0 for a slot the column has not reached, or -1: never set).</summary>
    private static void Read(Column column, int[] slots, Span<int> sellable)
    {
        var values = column.Sellable;
        for (var i = 0; i < slots.Length; i++)
        {
            var slot = slots[i];
            sellable[i] = (uint)slot < (uint)values.Length ? values[slot] : 0;
        }
    }

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
                var level = _levels[key] with { OnHand = _levels[key].OnHand - units };
                _levels[key] = level;
                SetColumn(key.Location, key.Sku, level.Sellable);
            }
        }
    }

    /// <summary>Writes a sellable value to the SKU's column (under the write lock).</summary>
    private void SetColumn(LocationId location, Sku sku, int sellable)
    {
        if (!_slots.TryGetValue(location, out var slot))
        {
            slot = _slotCount;
            _slots[location] = slot;
            Volatile.Write(ref _slotCount, slot + 1);
        }
        var column = _columns.GetOrAdd(sku, static _ => new Column());
        var values = column.Sellable;
        if (slot < values.Length)
        {
            Volatile.Write(ref values[slot], sellable);
            return;
        }
        var grown = new int[Math.Max(slot + 1, values.Length * 2)];
        values.CopyTo(grown);
        grown[slot] = sellable;
        column.Sellable = grown;
    }

    /// <summary>The slot of each location (-1: never set), reusing the last list's when the same list is read again.</summary>
    private int[] SlotsOf(ReadOnlySpan<LocationId> locations)
    {
        var count = Volatile.Read(ref _slotCount);
        var map = Volatile.Read(ref _lastMap);
        if (map is not null && map.SlotCount == count && SameList(locations, map.Locations)) return map.Slots;
        var slots = new int[locations.Length];
        for (var i = 0; i < locations.Length; i++) slots[i] = _slots.TryGetValue(locations[i], out var slot) ? slot : -1;
        Volatile.Write(ref _lastMap, new SlotMap(locations.ToArray(), slots, count));
        return slots;
    }

    /// <summary>Whether two lists hold the same ids in order: by reference of the id text first (the same list read
    /// again shares it), by value otherwise.</summary>
    private static bool SameList(ReadOnlySpan<LocationId> locations, LocationId[] known)
    {
        if (locations.Length != known.Length) return false;
        for (var i = 0; i < known.Length; i++)
            if (!ReferenceEquals(locations[i].Value, known[i].Value) && !locations[i].Equals(known[i])) return false;
        return true;
    }

    private static void Check(LocationId location, Sku sku)
    {
        if (location.Value is null) throw new ArgumentException("a location is required", nameof(location));
        if (sku.Value is null) throw new ArgumentException("a SKU is required", nameof(sku));
    }

    private readonly record struct StockKey(LocationId Location, Sku Sku);

    private readonly record struct StockLevel(int OnHand, int SafetyStock)
    {
        public int Sellable => Math.Max(0, OnHand - SafetyStock);
    }

    private sealed class Column
    {
        public volatile int[] Sellable = [];
    }

    private sealed record SlotMap(LocationId[] Locations, int[] Slots, int SlotCount);
}
