using System.Buffers;

namespace OrderRouting.Routing.Strategies;

/// <summary>Ranks by the merchant's <c>priority</c>, ascending.</summary>
internal sealed class PriorityStrategy : IRankingStrategy
{
    public string Name => "priority";

    public void Score(in RankingContext context, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = context.Location(i).Priority;
    }
}

/// <summary>Ranks by distance to the ship-to address, ascending; unknown distances last.</summary>
internal sealed class DistanceStrategy : IRankingStrategy
{
    public string Name => "distance";

    public void Score(in RankingContext context, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = context.DistanceKm(i) ?? double.PositiveInfinity;
    }
}

/// <summary>Ranks by sellable quantity, descending: per line under greedy, summed over the order's SKUs otherwise.</summary>
internal sealed class HighStockStrategy : IRankingStrategy
{
    public string Name => "highStock";

    public bool RanksPerLine => true;

    public void Score(in RankingContext context, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = -context.Sellable(i);
    }
}

/// <summary>Ranks by remaining share of daily capacity, descending; unlimited first.</summary>
internal sealed class CapacityStrategy : IRankingStrategy
{
    public string Name => "capacity";

    public void Score(in RankingContext context, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = -context.RemainingCapacityShare(i);
    }
}

/// <summary>Ranks by the best carrier score, descending, and ships with the best-scored service.</summary>
internal sealed class CarrierScoreStrategy : IRankingStrategy
{
    public string Name => "carrierScore";

    public ServicePreference ServicePreference => ServicePreference.BestScore;

    public void Score(in RankingContext context, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = -context.BestCarrierScore(i);
    }
}

/// <summary>Ranks by earliest promised delivery, ascending.</summary>
internal sealed class PromiseStrategy : IRankingStrategy
{
    public string Name => "promise";

    public void Score(in RankingContext context, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = context.EarliestDelivery(i).ToDateOnly().DayNumber;
    }
}

/// <summary>
/// Minimises the order's total shipping cost. The engine recognises it and runs the cost optimiser instead of a
/// split; as a ranking (in explanations) it scores a location by the cost of shipping, in one shipment, the units of
/// the order it holds.
/// </summary>
internal sealed class CostStrategy : IRankingStrategy
{
    public string Name => "cost";

    public void Score(in RankingContext context, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++)
            scores[i] = context.CheapestCost(i, Math.Min(context.Sellable(i), context.OrderedUnits));
    }
}

/// <summary>
/// Blends strategies with weights: each strategy's scores are scaled to [0, 1] over the candidates (best 0, worst 1;
/// −∞ counts as 0, +∞ and NaN as 1; all equal gives 0), then summed with the weights.
/// </summary>
internal sealed class WeightedStrategy : IRankingStrategy
{
    private readonly (IRankingStrategy Strategy, double Weight)[] _parts;

    public WeightedStrategy((IRankingStrategy Strategy, double Weight)[] parts)
    {
        _parts = parts;
        Name = "weighted(" + string.Join(", ", parts.Select(p => p.Strategy.Name + ": " + p.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
        RanksPerLine = parts.Any(p => p.Strategy.RanksPerLine);
    }

    public string Name { get; }

    public bool RanksPerLine { get; }

    public void Score(in RankingContext context, Span<double> scores)
    {
        scores.Clear();
        var rented = scores.Length > 256 ? ArrayPool<double>.Shared.Rent(scores.Length) : null;
        var part = rented is null ? stackalloc double[scores.Length] : rented.AsSpan(0, scores.Length);
        try
        {
            foreach (var (strategy, weight) in _parts)
            {
                strategy.Score(context, part);
                double min = double.PositiveInfinity, max = double.NegativeInfinity;
                foreach (var v in part)
                {
                    if (!double.IsFinite(v)) continue;
                    if (v < min) min = v;
                    if (v > max) max = v;
                }
                var range = max - min;
                for (var i = 0; i < scores.Length; i++)
                {
                    var v = part[i];
                    var scaled = double.IsNegativeInfinity(v) ? 0 : !double.IsFinite(v) ? 1 : range > 0 ? (v - min) / range : 0;
                    scores[i] += weight * scaled;
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        }
    }
}
