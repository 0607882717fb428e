using System.Buffers;
using System.Numerics;

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
        // The route's distance cache, +∞ where unknown (what DistanceKm(i) ?? +∞ gives).
        var state = context.State;
        var candidates = context.CandidateLocations;
        for (var i = 0; i < scores.Length; i++) scores[i] = state.Distance(candidates[i]);
    }
}

/// <summary>Ranks by sellable quantity, descending: per line under greedy, summed over the order's SKUs otherwise.</summary>
internal sealed class HighStockStrategy : IRankingStrategy
{
    public string Name => "highStock";

    public bool RanksPerLine => true;

    public void Score(in RankingContext context, Span<double> scores)
    {
        if (context.LineIndex >= 0)
        {
            // The line's stock column, read once for all locations.
            var column = context.State.SellableColumn(context.LineIndex);
            var candidates = context.CandidateLocations;
            for (var i = 0; i < scores.Length; i++) scores[i] = -column[candidates[i]];
            return;
        }
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
/// −∞ counts as 0, +∞ and NaN as 1; all equal gives 0), then summed with the weights, in part order. Under a
/// per-line ranking, the weighted scaled scores of parts that cannot depend on the line (the built-in order-level
/// strategies) are computed once per order and reused for every line.
/// </summary>
internal sealed class WeightedStrategy : IRankingStrategy
{
    private readonly (IRankingStrategy Strategy, double Weight)[] _parts;
    private readonly bool[] _lineIndependent;

    public WeightedStrategy((IRankingStrategy Strategy, double Weight)[] parts)
    {
        _parts = parts;
        _lineIndependent = [.. parts.Select(p => p.Strategy is PriorityStrategy or DistanceStrategy or CapacityStrategy or CarrierScoreStrategy or PromiseStrategy)];
        Name = "weighted(" + string.Join(", ", parts.Select(p => p.Strategy.Name + ": " + p.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
        RanksPerLine = parts.Any(p => p.Strategy.RanksPerLine);
    }

    public string Name { get; }

    public bool RanksPerLine { get; }

    public void Score(in RankingContext context, Span<double> scores)
    {
        scores.Clear();
        var perLine = context.Line is not null;
        var rented = scores.Length > 256 ? ArrayPool<double>.Shared.Rent(scores.Length) : null;
        var part = rented is null ? stackalloc double[scores.Length] : rented.AsSpan(0, scores.Length);
        try
        {
            for (var p = 0; p < _parts.Length; p++)
            {
                var (strategy, weight) = _parts[p];
                if (perLine && _lineIndependent[p])
                {
                    // The same for every line of the order: weigh it once, then add it.
                    var cached = context.State.WeightedPartScores(this, p, _parts.Length, scores.Length, out var ready);
                    if (!ready) Weigh(context, strategy, weight, cached);
                    Add(scores, cached);
                }
                else
                {
                    Weigh(context, strategy, weight, part);
                    Add(scores, part);
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Writes <c>weight × scaled score</c> of one part.</summary>
    private static void Weigh(in RankingContext context, IRankingStrategy strategy, double weight, Span<double> values)
    {
        strategy.Score(context, values);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var allFinite = true;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                allFinite = false;
                continue;
            }
            if (v < min) min = v;
            if (v > max) max = v;
        }
        var range = max - min;
        if (allFinite && range > 0)
        {
            // The common case, without a branch per value: vector lanes round each operation as the scalar code does.
            var i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var vMin = new Vector<double>(min);
                var vRange = new Vector<double>(range);
                var vWeight = new Vector<double>(weight);
                for (; i <= values.Length - Vector<double>.Count; i += Vector<double>.Count)
                {
                    var slice = values.Slice(i, Vector<double>.Count);
                    (vWeight * ((new Vector<double>(slice) - vMin) / vRange)).CopyTo(slice);
                }
            }
            for (; i < values.Length; i++) values[i] = weight * ((values[i] - min) / range);
            return;
        }
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            var scaled = double.IsNegativeInfinity(v) ? 0 : !double.IsFinite(v) ? 1 : range > 0 ? (v - min) / range : 0;
            values[i] = weight * scaled;
        }
    }

    private static void Add(Span<double> scores, ReadOnlySpan<double> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= scores.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var slice = scores.Slice(i, Vector<double>.Count);
                (new Vector<double>(slice) + new Vector<double>(values.Slice(i, Vector<double>.Count))).CopyTo(slice);
            }
        }
        for (; i < scores.Length; i++) scores[i] += values[i];
    }
}
