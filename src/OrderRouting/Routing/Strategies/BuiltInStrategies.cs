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
            ScoreLine(context, scores, out _, out _);
            return;
        }
        for (var i = 0; i < scores.Length; i++) scores[i] = -context.Sellable(i);
    }

    /// <summary>The per-line scores (minus the line's sellable units, from its stock column read once for all
    /// locations), with the fewest and most units among the candidates taken in the same pass (a weighted blend scales
    /// by them).</summary>
    internal static void ScoreLine(in RankingContext context, Span<double> scores, out int fewest, out int most)
    {
        var column = context.State.SellableColumn(context.LineIndex);
        var candidates = context.CandidateLocations;
        int low = int.MaxValue, high = int.MinValue;
        for (var i = 0; i < scores.Length; i++)
        {
            var units = column[candidates[i]];
            scores[i] = -units;
            low = Math.Min(low, units);
            high = Math.Max(high, units);
        }
        (fewest, most) = (low, high);
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

    /// <summary>Rows shorter than this are scaled and summed by scalar code: a vector load of values stored one by one
    /// just before stalls (no store forwarding), which cost more than the vector saved at 10 candidates (measured).</summary>
    private const int VectorMinimum = 32;

    /// <summary>A bound, relative to the weight, on how far <c>weight × ((v − min) × (1 / range))</c> can be from
    /// <c>weight × ((v − min) / range)</c> for a scaled value in [0, 1]: about 9 units of roundoff, 5 needed (the
    /// reciprocal, the product and the weighting each round once, by at most one unit of roundoff relative).</summary>
    private const double ReciprocalError = 1e-15;

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
            var reuse = context.LineIndex >= 0 && pooled is null;
            var approximate = pooled is null && state.MayApproximate(this);
            var error = 0.0;
            var last = _parts.Length - 1;
            // Speed: when the last part is weighed now (a per-line part), the scores are summed as its row is written
            // (onto the first row when there are two parts, onto the sum of the others otherwise), one pass less.
            var fuse = last > 0 && !(reuse && info[last].Ready);
            for (var p = 0; p < _parts.Length; p++)
            {
                ref var part = ref info[p];
                var row = rows.Slice(p * count, count);
                ReadOnlySpan<double> addend = default;
                if (fuse && p == last)
                {
                    if (last > 1) Sum(rows, last, scores);
                    addend = last > 1 ? scores : rows[..count];
                }
                if (!(reuse && part.Ready))
                {
                    // Parts that cannot depend on the line are weighed once per order and reused for every line.
                    Weigh(context, _parts[p].Strategy, _parts[p].Weight, row, approximate, error > 0, ref part, addend, scores);
                    part.Ready = reuse && _lineIndependent[p];
                }
                error += part.Error;
            }
            if (!fuse) Sum(rows, _parts.Length, scores);
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
            if (parts[p].Approximated && _parts[p].Strategy is DistanceStrategy)
            {
                var (min, range) = state.ExactDistanceScale();
                value = _parts[p].Weight * Scaled(state.Distance(state.Candidates[candidate]), min, range);
            }
            else if (parts[p].Approximated)
            {
                // A stock part scaled by the reciprocal of its range: the exact division, as Weigh does it otherwise.
                var units = state.SellableColumn(parts[p].Line)[state.Candidates[candidate]];
                value = _parts[p].Weight * ((-units - parts[p].Min) / parts[p].Range);
            }
            sum += value;
        }
        return sum;
    }

    /// <summary>Writes <c>weight × scaled score</c> of one part and records in <paramref name="part"/> the error bound of
    /// the values written (a positive normal number when they were approximated, 0 when they are exact) and what
    /// <see cref="ExactScore"/> needs to compute them exactly. <paramref name="mayApproximate"/>: the blend is ranked
    /// for a decision (near-ties re-scored exactly); <paramref name="approximated"/>: parts weighed before this one
    /// were approximated, so near-ties are looked for anyway. With an <paramref name="addend"/> (the last part of the
    /// sum), also writes <c>sums[i] = addend[i] + values[i]</c>, in the same pass where it can.</summary>
    private static void Weigh(in RankingContext context, IRankingStrategy strategy, double weight, Span<double> values, bool mayApproximate, bool approximated,
        ref RouteState.WeightedPart part, ReadOnlySpan<double> addend, Span<double> sums)
    {
        part.Error = 0;
        part.Approximated = false;
        if (weight == 0)
        {
            // weight × a scaled score in [0, 1] is 0 whatever the strategy says.
            values.Clear();
            AddTo(addend, values, sums);
            return;
        }
        var approximate = mayApproximate && strategy is DistanceStrategy;
        var stock = strategy is HighStockStrategy && context.LineIndex >= 0 && values.Length > 0;
        double min, range;
        bool allFinite;
        if (stock)
        {
            // Speed (a per-line part, weighed for every line): the scores HighStockStrategy writes, with their extent
            // taken in the same pass, from integers, without the interface call; the same values, minimum and range.
            HighStockStrategy.ScoreLine(context, values, out var low, out var high);
            min = -high;
            range = (double)-low - min;
            allFinite = true;
        }
        else
        {
            if (approximate) context.State.ApproximateDistances(context.CandidateLocations, values);
            else strategy.Score(context, values);
            (min, range, allFinite) = Extent(values);
        }
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
            // Speed: where the scores are approximate anyway (a distance part approximated, the blend ranked for a
            // decision), a distance or stock part is scaled by the reciprocal of its range: a division costs several
            // multiplications. The values move by at most 5 units of roundoff of the weight, which the bound covers.
            var rounding = weight * ReciprocalError;
            if (mayApproximate && (error > 0 || (stock && approximated)) && double.IsNormal(rounding))
            {
                var inverse = 1 / range;
                if (addend.IsEmpty)
                {
                    for (var j = 0; j < values.Length; j++) values[j] = weight * ((values[j] - min) * inverse);
                }
                else
                {
                    for (var j = 0; j < values.Length; j++)
                    {
                        var value = weight * ((values[j] - min) * inverse);
                        values[j] = value;
                        sums[j] = addend[j] + value;
                    }
                }
                part.Error = error + rounding;
                part.Approximated = true;
                part.Min = min;
                part.Range = range;
                part.Line = context.LineIndex;
                return;
            }
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
        }
        else
        {
            for (var i = 0; i < values.Length; i++) values[i] = weight * Scaled(values[i], min, range);
        }
        AddTo(addend, values, sums);
        part.Error = error;
        part.Approximated = error > 0;
    }

    /// <summary><c>sums[i] = addend[i] + values[i]</c> when <paramref name="addend"/> is given (the last part of a sum);
    /// nothing otherwise. <paramref name="addend"/> may be <paramref name="sums"/> itself.</summary>
    private static void AddTo(ReadOnlySpan<double> addend, ReadOnlySpan<double> values, Span<double> sums)
    {
        for (var i = 0; i < addend.Length; i++) sums[i] = addend[i] + values[i];
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

    /// <summary>Each candidate's score: 0 plus its value in each of the <paramref name="parts"/> rows, in part order
    /// (rows hold no −0 and no NaN, so the first row copied is 0 plus it, bit for bit). Speed: the first row is
    /// copied rather than added to zeros, and short rows are added by scalar code (a vector load of values stored one
    /// by one just before waits for the stores; measured slower at 10 candidates).</summary>
    private static void Sum(ReadOnlySpan<double> rows, int parts, Span<double> scores)
    {
        var count = scores.Length;
        rows[..count].CopyTo(scores);
        for (var p = 1; p < parts; p++)
        {
            var row = rows.Slice(p * count, count);
            var i = 0;
            if (Vector.IsHardwareAccelerated && count >= VectorMinimum)
            {
                for (; i <= count - Vector<double>.Count; i += Vector<double>.Count)
                {
                    var slice = scores.Slice(i, Vector<double>.Count);
                    (new Vector<double>(slice) + new Vector<double>(row.Slice(i, Vector<double>.Count))).CopyTo(slice);
                }
            }
            for (; i < count; i++) scores[i] += row[i];
        }
    }
}
