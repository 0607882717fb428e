namespace OrderRouting.Routing.Optimization;

/// <summary>
/// The <c>minimize</c> split's solver (scenario rule 5): among the sets of candidates that cover the most units
/// (coverage of a set = <c>Σ_k min(demand[k], Σ_{c∈S} sellable[c, k])</c>), the smallest; among those, the one
/// whose ranks sorted best first are lexicographically smallest. Candidate index order is rank order.
/// </summary>
/// <remarks>
/// <para><b>Exact</b> (<see cref="CoverPlan.Proven"/>) whenever at most <see cref="ExactLimit"/> candidates hold
/// stock of a demanded SKU: iterative deepening on the set size, from a lower bound (per SKU, the fewest
/// candidates whose stock reaches its need). Each size is searched depth first over index-ascending
/// combinations, so the first covering set found is the lexicographically smallest of its size. A branch is cut
/// when the candidates after it cannot cover a SKU's rest, when the picks left times the largest single
/// contribution cannot reach the rest, and a candidate adding nothing is never picked (a smallest cover has
/// none).</para>
/// <para><b>Heuristic</b> beyond that: the same search with <see cref="HeuristicNodeBudget"/> nodes, seeded with the
/// smaller of the greedy set cover (most new units first) and the set greedy over the fallback order uses, each
/// with redundant locations dropped (worst rank first). It covers the same most units as greedy over the
/// fallback order, with no more locations; when the budget suffices the set is proven.</para>
/// <para>Not thread-safe: one instance per thread. After warm-up a solve allocates nothing.</para>
/// </remarks>
internal sealed class SetCoverSolver
{
    private readonly CoverageTable _table = new();
    private readonly CoverPlan _plan = new();
    private int _n, _m, _depth;
    private long[] _rest = new long[4];
    private long _restTotal;
    private long[] _suffixAvail = new long[64];
    private long[] _suffixMax = new long[16];
    private int[] _chosen = new int[16];
    private int[] _taken = new int[64];
    private int[] _seed = new int[16];
    private int[] _other = new int[16];
    private int[] _scratch = new int[16];
    private int _seedCount;
    private long _nodes, _budget;
    private bool _aborted;

    /// <summary>The most active candidates for which the set is exact.
    /// <value>The default value is 16.</value></summary>
    public int ExactLimit { get; init; } = 16;

    /// <summary>The most search nodes the heuristic (beyond <see cref="ExactLimit"/>) visits.
    /// <value>The default value is 20,000.</value></summary>
    public long HeuristicNodeBudget { get; init; } = 20_000;

    /// <summary>The search nodes the last solve visited (for benchmarks and tests).</summary>
    public long Nodes => _nodes;

    /// <summary>Solves <paramref name="problem"/>; the returned plan belongs to this solver and is overwritten by the next call.</summary>
    public CoverPlan Solve(RoutingProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _table.Load(problem);
        _plan.Reset(problem.Candidates);
        _plan.Units = _table.Units;
        _nodes = 0;
        if (_table.Units == 0) return _plan;
        Prepare();

        var exact = _n <= ExactLimit;
        _budget = exact ? long.MaxValue : HeuristicNodeBudget;
        var limit = _n;
        if (!exact)
        {
            SeedGreedyCover();
            SeedFallbackGreedy();
            limit = _seedCount;
        }
        _aborted = false;
        for (var size = SizeLowerBound(); size <= limit && !_aborted; size++)
        {
            ResetRest();
            if (!Pick(0, size)) continue;
            for (var i = 0; i < _depth; i++) _plan.Add(_table.Candidate(_chosen[i]));
            return _plan;
        }
        // Only the heuristic gets here: the budget ran out before a set no worse than the seed was found.
        for (var i = 0; i < _seedCount; i++) _plan.Add(_table.Candidate(_seed[i]));
        _plan.Proven = false;
        return _plan;
    }

    private void Prepare()
    {
        int n = _table.Active, m = _table.Skus;
        _n = n;
        _m = m;
        if (_rest.Length < m) _rest = new long[m];
        if (_suffixAvail.Length < (n + 1) * m) _suffixAvail = new long[Math.Max((n + 1) * m, _suffixAvail.Length * 2)];
        if (_taken.Length < n * m) _taken = new int[Math.Max(n * m, _taken.Length * 2)];
        if (_suffixMax.Length < n + 1)
        {
            var size = Math.Max(n + 1, _suffixMax.Length * 2);
            _suffixMax = new long[size];
            _chosen = new int[size];
            _seed = new int[size];
            _other = new int[size];
            _scratch = new int[size];
        }
        for (var k = 0; k < m; k++) _suffixAvail[n * m + k] = 0;
        _suffixMax[n] = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            for (var k = 0; k < m; k++) _suffixAvail[i * m + k] = _suffixAvail[(i + 1) * m + k] + _table.Cap(i, k);
            _suffixMax[i] = Math.Max(_suffixMax[i + 1], _table.CapTotal(i));
        }
    }

    private void ResetRest()
    {
        for (var k = 0; k < _m; k++) _rest[k] = _table.Need(k);
        _restTotal = _table.Units;
        _depth = 0;
    }

    /// <summary>No set is smaller than the fewest candidates that cover any one SKU's need.</summary>
    private int SizeLowerBound()
    {
        var bound = 1;
        var caps = _scratch.AsSpan(0, _n);
        for (var k = 0; k < _m; k++)
        {
            for (var i = 0; i < _n; i++) caps[i] = _table.Cap(i, k);
            caps.Sort();
            long sum = 0;
            var count = 0;
            for (var i = _n - 1; i >= 0 && sum < _table.Need(k); i--)
            {
                sum += caps[i];
                count++;
            }
            bound = Math.Max(bound, count);
        }
        return bound;
    }

    /// <summary>Picks <paramref name="remaining"/> more candidates from <paramref name="start"/> on, smallest indices first.</summary>
    private bool Pick(int start, int remaining)
    {
        if (_nodes++ >= _budget)
        {
            _aborted = true;
            return false;
        }
        int m = _m, depth = _depth;
        for (var i = start; i <= _n - remaining; i++)
        {
            // Later candidates hold no more than these suffixes: when they cannot cover the rest, no later i can.
            if (remaining * _suffixMax[i] < _restTotal) return false;
            for (var k = 0; k < m; k++)
                if (_suffixAvail[i * m + k] < _rest[k]) return false;

            long gain = 0;
            for (var k = 0; k < m; k++)
            {
                var take = (int)Math.Min(_rest[k], _table.Cap(i, k));
                _taken[depth * m + k] = take;
                gain += take;
            }
            if (gain == 0) continue;

            for (var k = 0; k < m; k++) _rest[k] -= _taken[depth * m + k];
            _restTotal -= gain;
            _chosen[depth] = i;
            _depth = depth + 1;
            if (_restTotal == 0) return true;
            if (remaining > 1 && Pick(i + 1, remaining - 1)) return true;
            _depth = depth;
            _restTotal += gain;
            for (var k = 0; k < m; k++) _rest[k] += _taken[depth * m + k];
            if (_aborted) return false;
        }
        return false;
    }

    /// <summary>Seed: repeatedly the candidate adding the most units (ties: best rank), then redundant ones dropped.</summary>
    private void SeedGreedyCover()
    {
        ResetRest();
        var picked = _scratch.AsSpan(0, _n);
        picked.Clear();
        var count = 0;
        while (_restTotal > 0)
        {
            int best = -1;
            long bestGain = 0;
            for (var i = 0; i < _n; i++)
            {
                if (picked[i] != 0) continue;
                long gain = 0;
                for (var k = 0; k < _m; k++) gain += Math.Min(_rest[k], _table.Cap(i, k));
                if (gain > bestGain)
                {
                    best = i;
                    bestGain = gain;
                }
            }
            for (var k = 0; k < _m; k++) _rest[k] -= Math.Min(_rest[k], _table.Cap(best, k));
            _restTotal -= bestGain;
            _seed[count++] = best;
            picked[best] = 1;
        }
        _seed.AsSpan(0, count).Sort();
        _seedCount = DropRedundant(_seed.AsSpan(0, count));
    }

    /// <summary>Seed: the candidates greedy over the fallback order uses, redundant ones dropped; kept when better.</summary>
    private void SeedFallbackGreedy()
    {
        ResetRest();
        var count = 0;
        for (var i = 0; i < _n && _restTotal > 0; i++)
        {
            long gain = 0;
            for (var k = 0; k < _m; k++)
            {
                var take = Math.Min(_rest[k], _table.Cap(i, k));
                _rest[k] -= take;
                gain += take;
            }
            _restTotal -= gain;
            if (gain > 0) _other[count++] = i;
        }
        count = DropRedundant(_other.AsSpan(0, count));
        var other = _other.AsSpan(0, count);
        if (count < _seedCount || (count == _seedCount && other.SequenceCompareTo(_seed.AsSpan(0, count)) < 0))
        {
            other.CopyTo(_seed);
            _seedCount = count;
        }
    }

    /// <summary>Drops, worst rank first, every candidate the others cover without; keeps the order. Returns the new count.</summary>
    private int DropRedundant(Span<int> set)
    {
        var count = set.Length;
        for (var drop = count - 1; drop >= 0; drop--)
        {
            if (Coverage(set[..count], skip: drop) < _table.Units) continue;
            set[(drop + 1)..count].CopyTo(set[drop..]);
            count--;
        }
        return count;
    }

    private long Coverage(ReadOnlySpan<int> set, int skip)
    {
        long covered = 0;
        for (var k = 0; k < _m; k++)
        {
            long sum = 0;
            for (var j = 0; j < set.Length; j++)
                if (j != skip) sum += _table.Cap(set[j], k);
            covered += Math.Min(sum, _table.Need(k));
        }
        return covered;
    }
}
