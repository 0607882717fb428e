using OrderRouting.Connectors;
using OrderRouting.Lifecycle;

namespace OrderRouting.Tests.Lifecycle.Support;

/// <summary>
/// A deliberately simple planner for lifecycle tests and the benchmark, until routing is merged: the first location
/// (in the given order) that can ship every line ships the order; otherwise each line takes units from the locations
/// in order (a split). Cost: 5 + the location's index per shipment; promise: placed + 1 day + index hours.
/// </summary>
public sealed class FirstFitPlanner(IReadOnlyList<LocationId> locations) : IShipmentPlanner
{
    public ShipmentPlan Plan(in PlanningRequest request)
    {
        var allowed = new List<(LocationId Location, int Index)>(locations.Count);
        for (var i = 0; i < locations.Count; i++)
            if (!request.ExcludedLocations.Contains(locations[i])) allowed.Add((locations[i], i));
        var stock = request.Stock;
        var lines = request.Lines;
        foreach (var (location, index) in allowed)
        {
            if (Covers(stock, location, lines)) return new ShipmentPlan([new PlannedShipment(location, lines, 5 + index)], [], Promise(request, index));
        }

        var taken = new Dictionary<(LocationId, Sku), int>();
        var byLocation = new SortedDictionary<int, List<FulfilmentLine>>();
        var unfilled = new List<FulfilmentLine>();
        foreach (var line in lines)
        {
            var left = line.Quantity;
            foreach (var (location, index) in allowed)
            {
                if (left == 0) break;
                var free = stock.GetSellable(location, line.Sku) - taken.GetValueOrDefault((location, line.Sku));
                var take = Math.Min(left, free);
                if (take <= 0) continue;
                taken[(location, line.Sku)] = taken.GetValueOrDefault((location, line.Sku)) + take;
                if (!byLocation.TryGetValue(index, out var list)) byLocation[index] = list = [];
                list.Add(line with { Quantity = take });
                left -= take;
            }
            if (left > 0) unfilled.Add(line with { Quantity = left });
        }
        var shipments = byLocation.Select(p => new PlannedShipment(locations[p.Key], p.Value, 5 + p.Key)).ToArray();
        return new ShipmentPlan(shipments, unfilled, shipments.Length == 0 ? null : Promise(request, byLocation.Keys.Max()));
    }

    private static bool Covers(OrderRouting.Ports.IStockView stock, LocationId location, IReadOnlyList<FulfilmentLine> lines)
    {
        foreach (var line in lines)
        {
            var needed = 0;
            foreach (var other in lines) if (other.Sku == line.Sku) needed += other.Quantity;
            if (stock.GetSellable(location, line.Sku) < needed) return false;
        }
        return true;
    }

    private static NodaTime.Instant Promise(in PlanningRequest request, int index) =>
        request.Order.PlacedAt + NodaTime.Duration.FromDays(1) + NodaTime.Duration.FromHours(index);
}
