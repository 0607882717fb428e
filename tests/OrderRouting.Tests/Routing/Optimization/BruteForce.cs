namespace OrderRouting.Tests.Routing.Optimization;

/// <summary>
/// Obviously correct, slow answers for small instances: every allocation is enumerated.
/// </summary>
public static class BruteForce
{
    /// <summary>The cost of a shipment of <paramref name="units"/> from <paramref name="candidate"/>: its cheapest service.</summary>
    public static double ShipmentCost(Instance instance, int candidate, int units) =>
        units == 0 ? 0 : instance.Services[candidate].Min(s => s.Fixed + s.PerUnit * units);

    /// <summary>
    /// Enumerates every allocation (every x[c,k] in 0..stock with Σ_c x[c,k] ≤ demand[k]) by the units each
    /// candidate ships, prices each with the cheapest service per shipment, and returns the most units, then the
    /// least cost. With <paramref name="singleShipment"/> only allocations using at most one candidate count.
    /// </summary>
    public static (long Units, double Cost) Cost(Instance instance, bool singleShipment)
    {
        var n = instance.Candidates;
        // A state is the units per candidate so far (one byte each: tests keep totals below 256).
        var states = new HashSet<ulong> { 0UL };
        for (var k = 0; k < instance.Skus; k++)
        {
            var next = new HashSet<ulong>();
            foreach (var state in states) Distribute(instance, k, 0, instance.Demand[k], state, next);
            states = next;
        }
        long bestUnits = -1;
        var bestCost = double.PositiveInfinity;
        foreach (var state in states)
        {
            long units = 0;
            double cost = 0;
            var used = 0;
            for (var c = 0; c < n; c++)
            {
                var u = (int)((state >> (8 * c)) & 0xFF);
                if (u == 0) continue;
                used++;
                units += u;
                cost += ShipmentCost(instance, c, u);
            }
            if (singleShipment && used > 1) continue;
            if (units > bestUnits || (units == bestUnits && cost < bestCost))
            {
                bestUnits = units;
                bestCost = cost;
            }
        }
        return (bestUnits, bestCost);
    }

    private static void Distribute(Instance instance, int sku, int candidate, int left, ulong state, HashSet<ulong> into)
    {
        if (candidate == instance.Candidates)
        {
            into.Add(state);
            return;
        }
        var most = Math.Min(left, instance.Stock[candidate][sku]);
        for (var x = 0; x <= most; x++)
            Distribute(instance, sku, candidate + 1, left - x, state + ((ulong)x << (8 * candidate)), into);
    }

    /// <summary>Every subset: the most units covered, then the fewest candidates, then the smallest sorted indices.</summary>
    public static (long Units, int[] Set) Cover(Instance instance)
    {
        var n = instance.Candidates;
        long bestUnits = -1;
        int[] best = [];
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var set = Enumerable.Range(0, n).Where(c => (mask >> c & 1) == 1).ToArray();
            var units = Coverage(instance, set);
            if (units > bestUnits
                || (units == bestUnits && (set.Length < best.Length
                    || (set.Length == best.Length && set.AsSpan().SequenceCompareTo(best) < 0))))
            {
                bestUnits = units;
                best = set;
            }
        }
        return (bestUnits, best);
    }

    public static long Coverage(Instance instance, IEnumerable<int> set)
    {
        var chosen = set.ToArray();
        return Enumerable.Range(0, instance.Skus)
            .Sum(k => (long)Math.Min(instance.Demand[k], chosen.Sum(c => instance.Stock[c][k])));
    }

    /// <summary>Greedy over the fallback order (index order): per SKU, take what each candidate has.</summary>
    public static (long Units, double Cost, int[] Used) Greedy(Instance instance)
    {
        var unitsAt = new int[instance.Candidates];
        for (var k = 0; k < instance.Skus; k++)
        {
            var left = instance.Demand[k];
            for (var c = 0; c < instance.Candidates && left > 0; c++)
            {
                var take = Math.Min(left, instance.Stock[c][k]);
                unitsAt[c] += take;
                left -= take;
            }
        }
        var cost = Enumerable.Range(0, instance.Candidates).Sum(c => ShipmentCost(instance, c, unitsAt[c]));
        return (unitsAt.Sum(), cost, Enumerable.Range(0, instance.Candidates).Where(c => unitsAt[c] > 0).ToArray());
    }

    /// <summary>The best single-location plan: the most units one candidate can ship, then the cheapest.</summary>
    public static (long Units, double Cost) BestSingle(Instance instance)
    {
        long bestUnits = 0;
        double bestCost = 0;
        for (var c = 0; c < instance.Candidates; c++)
        {
            var units = Enumerable.Range(0, instance.Skus).Sum(k => Math.Min(instance.Demand[k], instance.Stock[c][k]));
            var cost = ShipmentCost(instance, c, units);
            if (units > bestUnits || (units == bestUnits && cost < bestCost))
            {
                bestUnits = units;
                bestCost = cost;
            }
        }
        return (bestUnits, bestCost);
    }

    /// <summary>Costs equal within the contract's relative 1e-6 (plus rounding).</summary>
    public static bool SameCost(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Min(a, b) + 1e-9;

    /// <summary>Not dearer than <paramref name="reference"/> beyond the contract's tolerance.</summary>
    public static bool NoDearer(double cost, double reference) => cost <= reference + 1e-6 * reference + 1e-9;
}
