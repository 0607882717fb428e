using System.Buffers;
using System.Numerics;
using OrderRouting.Network;

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
/// strategies) are computed once per order and reused for every line. Ranked for a decision, the distance parts use
/// approximate distances (no trigonometry) when the candidates' distances span enough for the error to be small;
/// the engine then re-scores exactly the candidates whose scores come that close, so the order is always the one
/// the exact scores give.
/// </summary>
internal sealed class WeightedStrategy : IRankingStrategy
{
    /// <summary>Distance parts are approximated only when the candidates' distances span at least 10 km: the error of
    /// a scaled distance is then at most 4 × 0.01 / 10 = 0.004 of its weight, so near-ties stay rare.</summary>
    private const double MinApproximateRangeKm = 10;

    private readonly (IRankingStrategy Strategy, double Weight)[] _parts;
    private readonly bool[] _lineIndependent;
    private readonly double _roundingMargin;

    public WeightedStrategy((IRankingStrategy Strategy, double Weight)[] parts)
    {
        _parts = parts;
        _lineIndependent = [.. parts.Select(p => p.Strategy is PriorityStrategy or DistanceStrategy or CapacityStrategy or CarrierScoreStrategy or PromiseStrategy)];
        // Far above the rounding of sums of parts scaled to [0, weight] (a few ulp of the total weight).
        _roundingMargin = 1e-12 * parts.Sum(p => p.Weight);
        Name = "weighted(" + string.Join(", ", parts.Select(p => p.Strategy.Name + ": " + p.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
        RanksPerLine = parts.Any(p => p.Strategy.RanksPerLine);
    }

    public string Name { get; }

    public bool RanksPerLine { get; }

    public void Score(in RankingContext context, Span<double> scores)
    {
        var state = context.State;
        var count = scores.Length;
        double[]? pooled = null;
        RouteState.WeightedPart[]? pooledParts = null;
        if (!state.TryRentWeighted(this, _parts.Length, count, out var rows, out var info))
        {
            // A blend nested in a blend: rows of its own, nothing kept.
            pooled = ArrayPool<double>.Shared.Rent(_parts.Length * count);
            pooledParts = ArrayPool<RouteState.WeightedPart>.Shared.Rent(_parts.Length);
            rows = pooled.AsSpan(0, _parts.Length * count);
            info = pooledParts.AsSpan(0, _parts.Length);
            info.Clear();
        }
        try
        {
            var reuse = context.Line is not null && pooled is null;
            var approximate = pooled is null && state.MayApproximate(this);
            scores.Clear();
            var error = 0.0;
            for (var p = 0; p < _parts.Length; p++)
            {
                var row = rows.Slice(p * count, count);
                ref var part = ref info[p];
                if (!(reuse && part.Ready))
                {
                    // Parts that cannot depend on the line are weighed once per order and reused for every line.
                    part.Error = Weigh(context, _parts[p].Strategy, _parts[p].Weight, row, approximate);
                    part.Approximated = part.Error > 0;
                    part.Ready = reuse && _lineIndependent[p];
                }
                error += part.Error;
                Add(scores, row);
            }
            if (error > 0) state.ReportScoreError(error + _roundingMargin);
        }
        finally
        {
            if (pooled is null)
            {
                state.ReturnWeighted();
            }
            else
            {
                ArrayPool<double>.Shared.Return(pooled);
                ArrayPool<RouteState.WeightedPart>.Shared.Return(pooledParts!);
            }
        }
    }

    /// <summary>
    /// The exact score of candidate <paramref name="candidate"/> from the rows the last <see cref="Score"/> left in
    /// <paramref name="state"/>: the approximate distance parts weighed again with the exact distance and the exact
    /// scale, the other parts as they are, summed in part order as <see cref="Score"/> sums them.
    /// </summary>
    internal double ExactScore(RouteState state, int candidate)
    {
        var rows = state.WeightedRows;
        var parts = state.WeightedParts;
        var count = state.CandidateCount;
        var sum = 0.0;
        for (var p = 0; p < _parts.Length; p++)
        {
            var value = rows[p * count + candidate];
            if (parts[p].Approximated)
            {
                var (min, range) = state.ExactDistanceScale();
                value = _parts[p].Weight * Scaled(state.Distance(state.Candidates[candidate]), min, range);
            }
            sum += value;
        }
        return sum;
    }

    /// <summary>Writes <c>weight × scaled score</c> of one part; returns the error bound of the values written: a
    /// positive normal number when a distance part was approximated, 0 when the values are exact.</summary>
    private static double Weigh(in RankingContext context, IRankingStrategy strategy, double weight, Span<double> values, bool approximate)
    {
        if (weight == 0)
        {
            // weight × a scaled score in [0, 1] is 0 whatever the strategy says.
            values.Clear();
            return 0;
        }
        approximate &= strategy is DistanceStrategy;
        if (approximate) context.State.ApproximateDistances(context.CandidateLocations, values);
        else strategy.Score(context, values);
        var (min, range, allFinite) = Extent(values);
        var error = 0.0;
        if (approximate)
        {
            // |approximate − exact| ≤ δ for each distance, so for the minimum and the maximum too: a scaled value
            // (d − min) / range moves by at most 2δ / range through its numerator and 2δ / range through the range.
            // A bound that is not a normal number (a subnormal weight, or an overflow) cannot be trusted: exact then.
            var bound = weight * 4 * CompiledLocation.ApproximateDistanceErrorKm / range;
            if (range >= MinApproximateRangeKm && double.IsNormal(bound))
            {
                error = bound;
            }
            else
            {
                strategy.Score(context, values);
                (min, range, allFinite) = Extent(values);
            }
        }
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
            return error;
        }
        for (var i = 0; i < values.Length; i++) values[i] = weight * Scaled(values[i], min, range);
        return error;
    }

    /// <summary>The minimum and range of the finite values, and whether all are finite.</summary>
    private static (double Min, double Range, bool AllFinite) Extent(ReadOnlySpan<double> values)
    {
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
        return (min, max - min, allFinite);
    }

    /// <summary>One value scaled to [0, 1]: −∞ to 0, +∞ and NaN to 1, finite values by the finite minimum and range
    /// (all equal: 0).</summary>
    private static double Scaled(double value, double min, double range) =>
        double.IsNegativeInfinity(value) ? 0 : !double.IsFinite(value) ? 1 : range > 0 ? (value - min) / range : 0;

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
