namespace OrderRouting.Routing.Strategies;

/// <summary>The built-in ranking strategies, and the weighted blend of strategies.</summary>
/// <remarks>Every strategy here is immutable and thread-safe. Ties are broken by lower priority, then id ordinal.</remarks>
public static class RankingStrategies
{
    /// <summary><c>priority</c>: the merchant's priority, ascending.</summary>
    public static IRankingStrategy Priority { get; } = new PriorityStrategy();

    /// <summary><c>distance</c>: great-circle distance to the ship-to address, ascending; unknown distances last.</summary>
    public static IRankingStrategy Distance { get; } = new DistanceStrategy();

    /// <summary><c>highStock</c>: sellable units, descending: of the line's SKU under the greedy split, of all the
    /// order's SKUs together otherwise.</summary>
    public static IRankingStrategy HighStock { get; } = new HighStockStrategy();

    /// <summary><c>capacity</c>: remaining share of daily capacity on the placing day, descending; unlimited first.</summary>
    public static IRankingStrategy Capacity { get; } = new CapacityStrategy();

    /// <summary><c>carrierScore</c>: the best carrier score, descending; shipments use the best-scored service.</summary>
    public static IRankingStrategy CarrierScore { get; } = new CarrierScoreStrategy();

    /// <summary><c>cost</c>: the cheapest plan of the most units (exact for up to 16 candidate locations, a documented
    /// heuristic beyond); the split policy bounds it (<see cref="SplitPolicy.None"/>: one shipment).</summary>
    public static IRankingStrategy Cost { get; } = new CostStrategy();

    /// <summary><c>promise</c>: the earliest delivery date a location can promise, ascending.</summary>
    public static IRankingStrategy Promise { get; } = new PromiseStrategy();

    /// <summary>The built-in strategies by name: <c>priority</c>, <c>distance</c>, <c>highStock</c>, <c>capacity</c>,
    /// <c>carrierScore</c>, <c>cost</c>, <c>promise</c> (case-sensitive).</summary>
    public static IReadOnlyDictionary<string, IRankingStrategy> ByName { get; } =
        new[] { Priority, Distance, HighStock, Capacity, CarrierScore, Cost, Promise }
            .ToDictionary(s => s.Name, StringComparer.Ordinal).AsReadOnly();

    /// <summary>
    /// A blend of strategies: each one's scores are scaled to [0, 1] over the candidates (best 0, worst 1; an
    /// unlimited best such as unlimited capacity counts as 0, unknown as 1), multiplied by its weight and summed.
    /// </summary>
    /// <example><c>RankingStrategies.Weighted((RankingStrategies.Distance, 0.7), (RankingStrategies.HighStock, 0.3))</c></example>
    /// <exception cref="ArgumentException">No part, a null strategy, <see cref="Cost"/> as a part, or a weight that
    /// is negative, not finite, or all weights zero.</exception>
    public static IRankingStrategy Weighted(params (IRankingStrategy Strategy, double Weight)[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var problems = new List<string>();
        if (parts.Length == 0) problems.Add("at least one strategy is required");
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Strategy is null) problems.Add($"parts[{i}].Strategy: is required");
            else if (parts[i].Strategy is CostStrategy) problems.Add($"parts[{i}].Strategy: cost is an optimiser, not a ranking to blend");
            if (!double.IsFinite(parts[i].Weight) || parts[i].Weight < 0) problems.Add($"parts[{i}].Weight: must be a finite number >= 0, was {parts[i].Weight}");
        }
        if (parts.Length > 0 && parts.All(p => p.Weight == 0)) problems.Add("at least one weight must be positive");
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(parts));
        return new WeightedStrategy([.. parts]);
    }
}
