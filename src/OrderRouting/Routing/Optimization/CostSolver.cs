namespace OrderRouting.Routing.Optimization;

/// <summary>
/// The <c>cost</c> strategy's solver: allocates the most units an order can get and, among such plans, one of
/// the cheapest (costs within a relative <see cref="Tolerance"/> are equal; then fewer shipments are preferred).
/// A shipment costs its location's cheapest service for the units it carries: <c>min_s(fixed_s + perUnit_s × u)</c>,
/// concave in <c>u</c>, so the search branches on (location, service) choices.
/// </summary>
/// <remarks>
/// <para><b>Exact</b> (<see cref="CostPlan.Proven"/>) whenever at most <see cref="ExactLimit"/> candidates hold stock
/// of a demanded SKU: depth-first branch and bound. Candidates are branched in order of their amortised rate
/// <c>min_s(perUnit_s + fixed_s / cap)</c>, where <c>cap</c> is the most units the location can carry for the order;
/// each is opened with one of its useful services or closed. The lower bound of a node is the fixed cost of the
/// opened shipments plus, SKU by SKU, the cheapest filling of the remaining need: opened locations at their
/// per-unit rate, undecided ones at their amortised rate (a valid bound because <c>u ≤ cap</c>). A node is
/// also cut when the locations not closed can no longer cover the need. The incumbent starts as the better of
/// greedy over the fallback order (candidate index order) and the best single-location plan.</para>
/// <para><b>Heuristic</b> beyond that, within <see cref="HeuristicNodeBudget"/> nodes: first the same search over the
/// <see cref="ExactLimit"/> candidates with the best amortised rate (extended in that order until they can cover the
/// need; a quarter of the budget), then over every candidate with the rest of the budget, starting from the
/// best plan found. When that second search completes, the plan is proven optimal after all. Its plan is never
/// worse than greedy over the fallback order nor than the best single-location plan (both seed the incumbent):
/// never fewer units and, at equal units, never dearer.</para>
/// <para>With <c>singleShipment</c> (split <c>none</c>) the plan is the single location covering the most units,
/// the cheapest of those (ties: lower index); always exact.</para>
/// <para>Not thread-safe: one instance per thread. After warm-up a solve allocates nothing.</para>
/// </remarks>
internal sealed class CostSolver
{
    /// <summary>Costs within this relative difference (of the smaller) are equal.</summary>
    public const double Tolerance = 1e-6;

    private readonly CoverageTable _table = new();
    private readonly CostPlan _plan = new();
    private RoutingProblem _problem = null!;

    // Search candidates in branching order (index b).
    private int _n, _m;
    private int[] _cand = new int[16];
    private int[] _cap = new int[64];
    private double[] _rate = new double[16];
    private int[] _svcStart = new int[16];
    private int[] _svcCount = new int[16];
    private double[] _svcFixed = new double[32];
    private double[] _svcPerUnit = new double[32];
    private double[] _sortKey = new double[16];
    private int[] _order = new int[16];

    // Search state.
    private int[] _need = new int[4];
    private long[] _avail = new long[4];
    private long[] _openCover = new long[4];
    private int[] _open = new int[16];
    private double[] _openRate = new double[16];
    private long[] _units = new long[16];
    private int _openCount;
    private double _openFixed;
    private double _minSeen, _bestCost;
    private int _bestShipments;
    private long _nodes, _budget;
    private bool _aborted;

    /// <summary>The most active candidates for which the plan is exact.
    /// <value>The default value is 16.</value></summary>
    public int ExactLimit { get; init; } = 16;

    /// <summary>The most search nodes the heuristic (beyond <see cref="ExactLimit"/>) visits.
    /// <value>The default value is 20,000.</value></summary>
    public long HeuristicNodeBudget { get; init; } = 20_000;

    /// <summary>The search nodes the last solve visited (for benchmarks and tests).</summary>
    public long Nodes => _nodes;

    /// <summary>
    /// Solves <paramref name="problem"/>. With <paramref name="singleShipment"/> the plan uses at most one location.
    /// The returned plan belongs to this solver and is overwritten by the next call.
    /// </summary>
    /// <exception cref="ArgumentException">A candidate holds stock of a demanded SKU but has no carrier service.</exception>
    public CostPlan Solve(RoutingProblem problem, bool singleShipment)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _problem = problem;
        _table.Load(problem);
        _plan.Reset(problem.Candidates, problem.Skus);
        _nodes = 0;
        for (var a = 0; a < _table.Active; a++)
        {
            var c = _table.Candidate(a);
            if (problem.ServiceCount(c) == 0)
                throw new ArgumentException($"candidate {c} holds stock but has no carrier service: pass only candidates that can ship", nameof(problem));
        }
        if (_table.Units == 0) return _plan;
        if (singleShipment) SolveSingle();
        else SolveSplit();
        _plan.Price(problem, _table);
        return _plan;
    }

    private void SolveSingle()
    {
        int best = -1, m = _table.Skus;
        long bestUnits = 0;
        var bestCost = double.PositiveInfinity;
        for (var a = 0; a < _table.Active; a++)
        {
            var units = _table.CapTotal(a);
            if (units < bestUnits) continue;
            var cost = _problem.ShipmentCost(_table.Candidate(a), units, out _);
            if (units > bestUnits || cost < bestCost)
            {
                best = a;
                bestUnits = units;
                bestCost = cost;
            }
        }
        var row = _plan.Allocation.Slice(_table.Candidate(best) * m, m);
        for (var k = 0; k < m; k++) row[k] = _table.Cap(best, k);
    }

    private void SolveSplit()
    {
        _m = _table.Skus;
        _minSeen = _bestCost = double.PositiveInfinity;
        _bestShipments = int.MaxValue;
        EnsureSkuBuffers();
        for (var k = 0; k < _m; k++) _need[k] = _table.Need(k);

        SeedGreedy();
        SeedSingleLocation();
        PrepareBranching();

        if (_table.Active <= ExactLimit)
        {
            Run(_table.Active, long.MaxValue);
            _plan.Proven = true;
            return;
        }
        // Heuristic: a quarter of the budget on the best-rated candidates finds a good incumbent fast; the rest
        // searches every candidate and proves the plan optimal when it completes.
        var shortlist = Shortlist();
        Run(shortlist, HeuristicNodeBudget / 4);
        if (shortlist < _table.Active || _aborted) Run(_table.Active, Math.Max(0, HeuristicNodeBudget - _nodes));
        _plan.Proven = !_aborted;
    }

    /// <summary>Branch and bound over the first <paramref name="candidates"/> in rate order, at most <paramref name="budget"/> nodes.</summary>
    private void Run(int candidates, long budget)
    {
        _n = candidates;
        _budget = budget == long.MaxValue ? budget : _nodes + budget;
        _aborted = false;
        _openCount = 0;
        _openFixed = 0;
        for (var k = 0; k < _m; k++)
        {
            _openCover[k] = 0;
            long avail = 0;
            for (var b = 0; b < _n; b++) avail += _cap[b * _m + k];
            _avail[k] = avail;
        }
        Search(0, opened: false);
    }

    /// <summary>Greedy over the fallback order: SKU by SKU, take what each candidate (index order) has.</summary>
    private void SeedGreedy()
    {
        var allocation = _plan.Allocation;
        for (var k = 0; k < _m; k++)
        {
            long rest = _need[k];
            for (var a = 0; a < _table.Active && rest > 0; a++)
            {
                var take = (int)Math.Min(rest, _table.Cap(a, k));
                allocation[_table.Candidate(a) * _m + k] = take;
                rest -= take;
            }
        }
        _plan.Price(_problem, _table);
        Offer(_plan.Cost, _plan.Shipments);
    }

    /// <summary>The cheapest single location that covers every unit, if any.</summary>
    private void SeedSingleLocation()
    {
        for (var a = 0; a < _table.Active; a++)
        {
            if (_table.CapTotal(a) != _table.Units) continue;
            var cost = _problem.ShipmentCost(_table.Candidate(a), _table.Units, out _);
            if (!Offer(cost, 1)) continue;
            var allocation = _plan.Allocation;
            allocation.Clear();
            for (var k = 0; k < _m; k++) allocation[_table.Candidate(a) * _m + k] = _table.Cap(a, k);
        }
    }

    /// <summary>
    /// Takes a plan of the most units as the incumbent when it lowers the cheapest cost seen beyond the tolerance,
    /// or is within the tolerance of it with fewer shipments.
    /// </summary>
    private bool Offer(double cost, int shipments)
    {
        if (cost < _minSeen)
        {
            var incumbentStillEqual = _bestShipments <= shipments && _bestCost - cost <= Tolerance * cost;
            _minSeen = cost;
            if (incumbentStillEqual) return false;
        }
        else if (!(cost - _minSeen <= Tolerance * _minSeen && shipments < _bestShipments))
        {
            return false;
        }
        _bestCost = cost;
        _bestShipments = shipments;
        return true;
    }

    /// <summary>Orders the active candidates by amortised rate and keeps each one's useful services.</summary>
    private void PrepareBranching()
    {
        int n = _table.Active, m = _m;
        if (_cand.Length < n)
        {
            var size = Math.Max(n, _cand.Length * 2);
            _cand = new int[size];
            _rate = new double[size];
            _svcStart = new int[size];
            _svcCount = new int[size];
            _sortKey = new double[size];
            _order = new int[size];
            _open = new int[size];
            _openRate = new double[size];
            _units = new long[size];
        }
        if (_cap.Length < n * m) _cap = new int[Math.Max(n * m, _cap.Length * 2)];

        for (var a = 0; a < n; a++)
        {
            var c = _table.Candidate(a);
            var capTotal = (double)_table.CapTotal(a);
            var fixedCosts = _problem.FixedCosts(c);
            var perUnitCosts = _problem.PerUnitCosts(c);
            var rate = double.PositiveInfinity;
            for (var s = 0; s < fixedCosts.Length && s < perUnitCosts.Length; s++)
                rate = Math.Min(rate, perUnitCosts[s] + fixedCosts[s] / capTotal);
            _sortKey[a] = rate;
            _order[a] = a;
        }
        SortByKeyThenIndex(_sortKey.AsSpan(0, n), _order.AsSpan(0, n));

        var services = 0;
        for (var b = 0; b < n; b++)
        {
            var a = _order[b];
            var c = _table.Candidate(a);
            _cand[b] = c;
            _rate[b] = _sortKey[b];
            for (var k = 0; k < m; k++) _cap[b * m + k] = _table.Cap(a, k);
            _svcStart[b] = services;
            var count = 0;
            var capTotal = _table.CapTotal(a);
            var fixedCosts = _problem.FixedCosts(c);
            var perUnitCosts = _problem.PerUnitCosts(c);
            for (var s = 0; s < fixedCosts.Length && s < perUnitCosts.Length; s++)
            {
                if (Dominated(fixedCosts, perUnitCosts, s, capTotal)) continue;
                if (_svcFixed.Length <= services + count)
                {
                    Array.Resize(ref _svcFixed, _svcFixed.Length * 2);
                    Array.Resize(ref _svcPerUnit, _svcPerUnit.Length * 2);
                }
                // Insert by amortised rate, best first: the first branch tried is the most promising.
                double fixedCost = fixedCosts[s], perUnit = perUnitCosts[s];
                var key = perUnit + fixedCost / capTotal;
                var at = services + count;
                while (at > services && _svcPerUnit[at - 1] + _svcFixed[at - 1] / capTotal > key)
                {
                    _svcFixed[at] = _svcFixed[at - 1];
                    _svcPerUnit[at] = _svcPerUnit[at - 1];
                    at--;
                }
                _svcFixed[at] = fixedCost;
                _svcPerUnit[at] = perUnit;
                count++;
            }
            _svcCount[b] = count;
            services += count;
        }
    }

    /// <summary>
    /// A service is useless when another is no dearer at both 1 and <paramref name="capTotal"/> units (and so, the
    /// costs being linear, at every load in between), strictly cheaper at one of them or earlier in the list.
    /// </summary>
    private static bool Dominated(ReadOnlySpan<double> fixedCosts, ReadOnlySpan<double> perUnitCosts, int s, long capTotal)
    {
        double f = fixedCosts[s], p = perUnitCosts[s];
        double low = f + p, high = f + p * capTotal;
        for (var o = 0; o < fixedCosts.Length && o < perUnitCosts.Length; o++)
        {
            if (o == s) continue;
            double lowO = fixedCosts[o] + perUnitCosts[o], highO = fixedCosts[o] + perUnitCosts[o] * capTotal;
            if (lowO <= low && highO <= high && (lowO < low || highO < high || o < s)) return true;
        }
        return false;
    }

    /// <summary>The heuristic's first search set: the best-rated <see cref="ExactLimit"/> candidates, extended until they cover the need.</summary>
    private int Shortlist()
    {
        int m = _m, n = 0, lacking = 0;
        for (var k = 0; k < m; k++) _avail[k] = 0;
        while (n < _table.Active)
        {
            for (var k = 0; k < m; k++)
            {
                _avail[k] += _cap[n * m + k];
                if (_avail[k] < _need[k]) lacking++;
            }
            n++;
            if (n >= ExactLimit && lacking == 0) break;
            lacking = 0;
        }
        return n;
    }

    private void Search(int depth, bool opened)
    {
        if (_nodes++ >= _budget)
        {
            _aborted = true;
            return;
        }
        if (opened && OpenSetCovers()) EvaluateOpenSet();
        if (depth == _n) return;
        var bound = LowerBound(depth);
        if (bound > _minSeen * (1 + Tolerance) || (bound >= _minSeen && _openCount >= _bestShipments)) return;

        var m = _m;
        var row = depth * m;
        for (int s = _svcStart[depth], end = s + _svcCount[depth]; s < end; s++)
        {
            var at = Open(depth, _svcPerUnit[s]);
            _openFixed += _svcFixed[s];
            for (var k = 0; k < m; k++) _openCover[k] += _cap[row + k];
            Search(depth + 1, opened: true);
            for (var k = 0; k < m; k++) _openCover[k] -= _cap[row + k];
            _openFixed -= _svcFixed[s];
            Close(at);
            if (_aborted) return;
        }

        for (var k = 0; k < m; k++)
            if (_avail[k] - _cap[row + k] < _need[k]) return;
        for (var k = 0; k < m; k++) _avail[k] -= _cap[row + k];
        Search(depth + 1, opened: false);
        for (var k = 0; k < m; k++) _avail[k] += _cap[row + k];
    }

    /// <summary>Inserts candidate <paramref name="b"/> into the open list (kept by per-unit rate); returns its position.</summary>
    private int Open(int b, double perUnit)
    {
        var at = _openCount;
        while (at > 0 && _openRate[at - 1] > perUnit)
        {
            _open[at] = _open[at - 1];
            _openRate[at] = _openRate[at - 1];
            at--;
        }
        _open[at] = b;
        _openRate[at] = perUnit;
        _openCount++;
        return at;
    }

    private void Close(int at)
    {
        _openCount--;
        for (var i = at; i < _openCount; i++)
        {
            _open[i] = _open[i + 1];
            _openRate[i] = _openRate[i + 1];
        }
    }

    private bool OpenSetCovers()
    {
        for (var k = 0; k < _m; k++)
            if (_openCover[k] < _need[k]) return false;
        return true;
    }

    /// <summary>
    /// Fixed costs of the open shipments plus, per SKU, the cheapest filling of the need: open candidates at their
    /// per-unit rate, undecided ones (<paramref name="depth"/> on, already in rate order) at their amortised rate.
    /// </summary>
    private double LowerBound(int depth)
    {
        int m = _m, n = _n, open = _openCount;
        var bound = _openFixed;
        for (var k = 0; k < m; k++)
        {
            long rest = _need[k];
            int i = 0, b = depth;
            while (rest > 0)
            {
                while (i < open && _cap[_open[i] * m + k] == 0) i++;
                while (b < n && _cap[b * m + k] == 0) b++;
                int take;
                if (i < open && (b == n || _openRate[i] <= _rate[b]))
                {
                    take = (int)Math.Min(rest, _cap[_open[i] * m + k]);
                    bound += take * _openRate[i++];
                }
                else if (b < n)
                {
                    take = (int)Math.Min(rest, _cap[b * m + k]);
                    bound += take * _rate[b++];
                }
                else
                {
                    return double.PositiveInfinity;
                }
                rest -= take;
            }
        }
        return bound;
    }

    /// <summary>Prices the plan "exactly the open candidates": each SKU from the lowest per-unit rate first.</summary>
    private void EvaluateOpenSet()
    {
        int m = _m, open = _openCount;
        for (var i = 0; i < open; i++) _units[i] = 0;
        for (var k = 0; k < m; k++)
        {
            long rest = _need[k];
            for (var i = 0; i < open && rest > 0; i++)
            {
                var take = Math.Min(rest, _cap[_open[i] * m + k]);
                _units[i] += take;
                rest -= take;
            }
        }
        double cost = 0;
        var shipments = 0;
        for (var i = 0; i < open; i++)
        {
            if (_units[i] == 0) continue;
            cost += _problem.ShipmentCost(_cand[_open[i]], _units[i], out _);
            shipments++;
        }
        if (!Offer(cost, shipments)) return;

        var allocation = _plan.Allocation;
        allocation.Clear();
        for (var k = 0; k < m; k++)
        {
            long rest = _need[k];
            for (var i = 0; i < open && rest > 0; i++)
            {
                var b = _open[i];
                var take = (int)Math.Min(rest, _cap[b * m + k]);
                allocation[_cand[b] * m + k] = take;
                rest -= take;
            }
        }
    }

    private void EnsureSkuBuffers()
    {
        if (_need.Length >= _m) return;
        _need = new int[_m];
        _avail = new long[_m];
        _openCover = new long[_m];
    }

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending, carrying <paramref name="items"/> along, ties by item ascending:
    /// deterministic, and without allocating (an introsort by key, then an insertion pass that orders ties).
    /// </summary>
    private static void SortByKeyThenIndex(Span<double> keys, Span<int> items)
    {
        keys.Sort(items);
        for (var i = 1; i < keys.Length; i++)
        {
            double key = keys[i];
            int item = items[i], j = i;
            while (j > 0 && keys[j - 1] == key && items[j - 1] > item)
            {
                keys[j] = keys[j - 1];
                items[j] = items[j - 1];
                j--;
            }
            keys[j] = key;
            items[j] = item;
        }
    }
}
