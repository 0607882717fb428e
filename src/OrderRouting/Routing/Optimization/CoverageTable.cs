namespace OrderRouting.Routing.Optimization;

/// <summary>
/// What each candidate can contribute to an order, shared by both solvers: the most units of each SKU that can
/// be allocated at all (<c>need[k] = min(demand[k], Σ_c sellable[c, k])</c>), and for each candidate holding
/// stock of at least one SKU (an <em>active</em> candidate) its stock capped at that need.
/// </summary>
/// <remarks>A reusable buffer; not thread-safe.</remarks>
internal sealed class CoverageTable
{
    private int[] _need = new int[4];
    private int[] _active = new int[16];
    private int[] _cap = new int[64];
    private long[] _capTotal = new long[16];

    /// <summary>The number of SKUs.</summary>
    public int Skus { get; private set; }

    /// <summary>The number of active candidates (holding stock of at least one demanded SKU).</summary>
    public int Active { get; private set; }

    /// <summary>The most units that can be allocated: <c>Σ_k need[k]</c>.</summary>
    public long Units { get; private set; }

    /// <summary>The most units of SKU <paramref name="sku"/> that can be allocated.</summary>
    public int Need(int sku) => _need[sku];

    /// <summary>The problem's index of the <paramref name="active"/>-th active candidate (ascending).</summary>
    public int Candidate(int active) => _active[active];

    /// <summary>The units of <paramref name="sku"/> the active candidate can contribute: its stock capped at the need.</summary>
    public int Cap(int active, int sku) => _cap[active * Skus + sku];

    /// <summary>The units the active candidate can ship in one shipment: <c>Σ_k Cap(active, k)</c>.</summary>
    public long CapTotal(int active) => _capTotal[active];

    /// <summary>Fills the table from <paramref name="problem"/>.</summary>
    public void Load(RoutingProblem problem)
    {
        int m = problem.Skus, n = problem.Candidates;
        Skus = m;
        if (_need.Length < m) _need = new int[m];
        if (_active.Length < n)
        {
            _active = new int[n];
            _capTotal = new long[n];
        }
        if (_cap.Length < n * m) _cap = new int[n * m];

        // Totals per SKU first (into _need), row by row.
        Array.Clear(_need, 0, m);
        for (var c = 0; c < n; c++)
            for (var k = 0; k < m; k++)
                _need[k] = (int)Math.Min((long)_need[k] + problem.Sellable(c, k), int.MaxValue);
        long units = 0;
        for (var k = 0; k < m; k++)
        {
            _need[k] = Math.Min(problem.Demand(k), _need[k]);
            units += _need[k];
        }
        Units = units;

        var active = 0;
        for (var c = 0; c < n; c++)
        {
            long capTotal = 0;
            var row = active * m;
            for (var k = 0; k < m; k++)
            {
                var cap = Math.Min(problem.Sellable(c, k), _need[k]);
                _cap[row + k] = cap;
                capTotal += cap;
            }
            if (capTotal == 0) continue;
            _active[active] = c;
            _capTotal[active] = capTotal;
            active++;
        }
        Active = active;
    }
}
