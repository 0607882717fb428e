namespace OrderRouting.Routing.Optimization;

/// <summary>
/// One order's routing problem in the dense, index-based form the solvers work on: the demand per SKU
/// (<c>k = 0..Skus-1</c>), the candidate locations (<c>c = 0..Candidates-1</c>), the sellable units of each SKU
/// at each candidate and each candidate's carrier services as shipment costs <c>fixed + perUnit × units</c>.
/// </summary>
/// <remarks>
/// <para>Candidates are listed best first: index order is the ranking that <see cref="SetCoverSolver"/> breaks
/// ties by (index 0 is rank 0) and the fallback order whose greedy plan <see cref="CostSolver"/> is never worse
/// than (the <c>priority</c> ranking). The engine passes only candidates that can ship.</para>
/// <para>An instance is a reusable buffer: <see cref="Reset"/> it for the next order; it grows as needed and
/// does not allocate once it is large enough. Not thread-safe: one per thread.</para>
/// </remarks>
internal sealed class RoutingProblem
{
    private int[] _demand = new int[4];
    private int[] _sellable = new int[64];
    private int[] _serviceStart = new int[16];
    private int[] _serviceCount = new int[16];
    private double[] _fixed = new double[32];
    private double[] _perUnit = new double[32];
    private int _services;

    /// <summary>The number of distinct SKUs of the order.</summary>
    public int Skus { get; private set; }

    /// <summary>The number of candidate locations added since <see cref="Reset"/>.</summary>
    public int Candidates { get; private set; }

    /// <summary>Clears the problem for an order of <paramref name="skus"/> distinct SKUs (all demands 0, no candidates).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="skus"/> is negative.</exception>
    public void Reset(int skus)
    {
        Guard.NotNegative(skus);
        if (_demand.Length < skus) _demand = new int[Math.Max(skus, _demand.Length * 2)];
        Array.Clear(_demand, 0, skus);
        Skus = skus;
        Candidates = 0;
        _services = 0;
    }

    /// <summary>Sets the units ordered of SKU <paramref name="sku"/> (the sum over the order lines of that SKU).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The SKU index is out of range or <paramref name="units"/> is negative.</exception>
    public void SetDemand(int sku, int units)
    {
        CheckSku(sku);
        _demand[sku] = Guard.NotNegative(units);
    }

    /// <summary>The units ordered of SKU <paramref name="sku"/>.</summary>
    public int Demand(int sku) => _demand[sku];

    /// <summary>Adds a candidate location with no stock and no services and returns its index.</summary>
    public int AddCandidate()
    {
        var c = Candidates;
        if (_serviceStart.Length <= c)
        {
            Array.Resize(ref _serviceStart, _serviceStart.Length * 2);
            Array.Resize(ref _serviceCount, _serviceCount.Length * 2);
        }
        var need = (c + 1) * Skus;
        if (_sellable.Length < need) Array.Resize(ref _sellable, Math.Max(need, _sellable.Length * 2));
        Array.Clear(_sellable, c * Skus, Skus);
        _serviceStart[c] = _services;
        _serviceCount[c] = 0;
        Candidates = c + 1;
        return c;
    }

    /// <summary>Sets the sellable units of SKU <paramref name="sku"/> at candidate <paramref name="candidate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range or <paramref name="units"/> is negative.</exception>
    public void SetSellable(int candidate, int sku, int units)
    {
        CheckCandidate(candidate);
        CheckSku(sku);
        _sellable[candidate * Skus + sku] = Guard.NotNegative(units);
    }

    /// <summary>The sellable units of SKU <paramref name="sku"/> at candidate <paramref name="candidate"/>.</summary>
    public int Sellable(int candidate, int sku) => _sellable[candidate * Skus + sku];

    /// <summary>
    /// Adds a carrier service to the most recently added candidate: one shipment of <c>u</c> units costs
    /// <paramref name="fixedCost"/> + <paramref name="perUnitCost"/> × <c>u</c> (the engine folds distance into the
    /// fixed part: <c>baseCost + costPerKm × km</c>). Returns the service's index within the candidate.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="candidate"/> is not the last added candidate,
    /// or a cost is negative, NaN or infinite.</exception>
    public int AddService(int candidate, double fixedCost, double perUnitCost)
    {
        if (candidate != Candidates - 1)
            throw new ArgumentOutOfRangeException(nameof(candidate), candidate, "services are added to the last added candidate");
        CheckCost(fixedCost);
        CheckCost(perUnitCost);
        if (_fixed.Length == _services)
        {
            Array.Resize(ref _fixed, _services * 2);
            Array.Resize(ref _perUnit, _services * 2);
        }
        _fixed[_services] = fixedCost;
        _perUnit[_services] = perUnitCost;
        _services++;
        return _serviceCount[candidate]++;
    }

    /// <summary>The number of carrier services of candidate <paramref name="candidate"/>.</summary>
    public int ServiceCount(int candidate) => _serviceCount[candidate];

    /// <summary>The fixed part of a shipment's cost with service <paramref name="service"/> of the candidate.</summary>
    public double FixedCost(int candidate, int service) => _fixed[_serviceStart[candidate] + service];

    /// <summary>The per-unit part of a shipment's cost with service <paramref name="service"/> of the candidate.</summary>
    public double PerUnitCost(int candidate, int service) => _perUnit[_serviceStart[candidate] + service];

    /// <summary>The fixed parts of the candidate's services, by service index.</summary>
    public ReadOnlySpan<double> FixedCosts(int candidate) => _fixed.AsSpan(_serviceStart[candidate], _serviceCount[candidate]);

    /// <summary>The per-unit parts of the candidate's services, by service index.</summary>
    public ReadOnlySpan<double> PerUnitCosts(int candidate) => _perUnit.AsSpan(_serviceStart[candidate], _serviceCount[candidate]);

    /// <summary>
    /// The cost of one shipment of <paramref name="units"/> units from the candidate with its cheapest service
    /// (ties: the lower service index), and that service; 0 and -1 for no units or a candidate without services.
    /// </summary>
    public double ShipmentCost(int candidate, long units, out int service)
    {
        service = -1;
        if (units <= 0) return 0;
        var best = double.PositiveInfinity;
        var fixedCosts = FixedCosts(candidate);
        var perUnitCosts = PerUnitCosts(candidate);
        for (var s = 0; s < fixedCosts.Length && s < perUnitCosts.Length; s++)
        {
            var cost = fixedCosts[s] + perUnitCosts[s] * units;
            if (cost < best)
            {
                best = cost;
                service = s;
            }
        }
        return service < 0 ? 0 : best;
    }

    private void CheckSku(int sku)
    {
        if ((uint)sku >= (uint)Skus) throw new ArgumentOutOfRangeException(nameof(sku), sku, $"must be in [0, {Skus})");
    }

    private void CheckCandidate(int candidate)
    {
        if ((uint)candidate >= (uint)Candidates)
            throw new ArgumentOutOfRangeException(nameof(candidate), candidate, $"must be in [0, {Candidates})");
    }

    private static void CheckCost(double cost, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(cost))] string? name = null)
    {
        if (!(cost >= 0) || double.IsInfinity(cost))
            throw new ArgumentOutOfRangeException(name, cost, "must be a finite, non-negative number");
    }
}
