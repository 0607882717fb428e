namespace OrderRouting.Routing.Optimization;

/// <summary>
/// The plan <see cref="CostSolver"/> chose: units of each SKU per candidate, the cheapest carrier service of each
/// shipment, and whether the plan is proven optimal. Owned by its solver and overwritten by the next solve.
/// </summary>
internal sealed class CostPlan
{
    private int[] _allocated = new int[64];
    private long[] _unitsAt = new long[16];
    private int[] _service = new int[16];
    private int _skus;

    /// <summary>The number of candidates of the problem solved.</summary>
    public int Candidates { get; private set; }

    /// <summary>The units allocated over all candidates: the most that can be allocated under the split bound.</summary>
    public long Units { get; internal set; }

    /// <summary>The total shipping cost: Σ over shipments of the cheapest service's <c>fixed + perUnit × units</c>.</summary>
    public double Cost { get; internal set; }

    /// <summary>The number of shipments (candidates with at least one unit).</summary>
    public int Shipments { get; internal set; }

    /// <summary>
    /// True when the plan is proven to be the cheapest plan of the most units (always at most
    /// <see cref="CostSolver.ExactLimit"/> active candidates); false when it is the heuristic's best plan.
    /// </summary>
    public bool Proven { get; internal set; }

    /// <summary>The units of SKU <paramref name="sku"/> allocated to candidate <paramref name="candidate"/>.</summary>
    public int Allocated(int candidate, int sku) => _allocated[candidate * _skus + sku];

    /// <summary>The units candidate <paramref name="candidate"/> ships (0 when it is not used).</summary>
    public long UnitsAt(int candidate) => _unitsAt[candidate];

    /// <summary>The index (within the candidate) of the cheapest service for its shipment; -1 when not used.</summary>
    public int Service(int candidate) => _service[candidate];

    internal Span<int> Allocation => _allocated.AsSpan(0, Candidates * _skus);

    internal void Reset(int candidates, int skus)
    {
        Candidates = candidates;
        _skus = skus;
        if (_allocated.Length < candidates * skus) _allocated = new int[Math.Max(candidates * skus, _allocated.Length * 2)];
        if (_unitsAt.Length < candidates)
        {
            _unitsAt = new long[Math.Max(candidates, _unitsAt.Length * 2)];
            _service = new int[_unitsAt.Length];
        }
        Array.Clear(_allocated, 0, candidates * skus);
        Array.Clear(_unitsAt, 0, candidates);
        Array.Fill(_service, -1, 0, candidates);
        Units = 0;
        Cost = 0;
        Shipments = 0;
        Proven = true;
    }

    /// <summary>Derives units, shipments, services and cost from the allocation (only active candidates can hold units).</summary>
    internal void Price(RoutingProblem problem, CoverageTable table)
    {
        long units = 0;
        double cost = 0;
        var shipments = 0;
        for (var a = 0; a < table.Active; a++)
        {
            var c = table.Candidate(a);
            long at = 0;
            for (var k = 0; k < _skus; k++) at += _allocated[c * _skus + k];
            _unitsAt[c] = at;
            cost += problem.ShipmentCost(c, at, out _service[c]);
            units += at;
            if (at > 0) shipments++;
        }
        Units = units;
        Cost = cost;
        Shipments = shipments;
    }
}
