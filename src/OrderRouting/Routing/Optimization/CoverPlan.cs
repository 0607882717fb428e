namespace OrderRouting.Routing.Optimization;

/// <summary>
/// The set of candidates <see cref="SetCoverSolver"/> chose. Owned by its solver and overwritten by the next solve.
/// </summary>
internal sealed class CoverPlan
{
    private int[] _locations = new int[16];
    private bool[] _contains = new bool[16];

    /// <summary>The units the set can cover: the most any set of candidates can cover.</summary>
    public long Units { get; internal set; }

    /// <summary>
    /// True when the set is proven to be the smallest covering set with the lexicographically smallest ranks
    /// (always at most <see cref="SetCoverSolver.ExactLimit"/> active candidates); false for the heuristic's set.
    /// </summary>
    public bool Proven { get; internal set; }

    /// <summary>The number of candidates in the set.</summary>
    public int Count { get; private set; }

    /// <summary>The chosen candidates' indices, ascending (best rank first).</summary>
    public ReadOnlySpan<int> Locations => _locations.AsSpan(0, Count);

    /// <summary>Whether candidate <paramref name="candidate"/> is in the set.</summary>
    public bool Contains(int candidate) => _contains[candidate];

    internal void Reset(int candidates)
    {
        if (_contains.Length < candidates)
        {
            _contains = new bool[Math.Max(candidates, _contains.Length * 2)];
            _locations = new int[_contains.Length];
        }
        Array.Clear(_contains, 0, candidates);
        Count = 0;
        Units = 0;
        Proven = true;
    }

    /// <summary>Adds a candidate; candidates must be added in ascending order.</summary>
    internal void Add(int candidate)
    {
        _locations[Count++] = candidate;
        _contains[candidate] = true;
    }
}
