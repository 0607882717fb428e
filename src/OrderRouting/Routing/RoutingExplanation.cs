using OrderRouting.Routing.Eligibility;

namespace OrderRouting.Routing;

/// <summary>
/// Why a routing decision came out as it did, as data a host can log or show an operator: every location of the
/// network, whether it was a candidate, its rank and score under the strategy, what shipping the order's units from
/// it would cost, whether it was used, and why each rejected location (or line at a location) was rejected.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record RoutingExplanation
{
    /// <summary>The strategy's name.</summary>
    public required string Strategy { get; init; }

    /// <summary>The split policy.</summary>
    public required SplitPolicy Split { get; init; }

    /// <summary>The partial policy.</summary>
    public required PartialPolicy Partial { get; init; }

    /// <summary>Every location: the candidates in rank order first, then the rejected ones in tie-break order.</summary>
    public required IReadOnlyList<CandidateExplanation> Candidates { get; init; }

    /// <summary>For the <c>cost</c> strategy and the <c>minimize</c> split: true when the plan is proven optimal (exact
    /// search, at most 16 candidate locations hold stock), false when the documented heuristic chose it; null otherwise.</summary>
    public bool? Proven { get; init; }

    /// <summary>A short text for a log line or an operator's screen.</summary>
    public override string ToString() =>
        $"{Strategy}/{Split}/{Partial}: " + string.Join("; ", Candidates.Select(c => c.ToString()));
}

/// <summary>One location's part in a routing decision.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record CandidateExplanation
{
    /// <summary>The location.</summary>
    public required LocationId Location { get; init; }

    /// <summary>Its rank among the candidates for the whole order (1 is best); null when it was rejected.</summary>
    public int? Rank { get; init; }

    /// <summary>Its score under the strategy for the whole order (lower is better); null when it was rejected.</summary>
    public double? Score { get; init; }

    /// <summary>Its sellable units of the order's SKUs (summed), before the order.</summary>
    public long Sellable { get; init; }

    /// <summary>The cost of shipping from it, in one shipment, the order's units it could cover; null when it was
    /// rejected or covers none.</summary>
    public double? EstimatedCost { get; init; }

    /// <summary>The great-circle distance in km to the ship-to address; null when unknown.</summary>
    public double? DistanceKm { get; init; }

    /// <summary>Whether the decision ships from it.</summary>
    public bool Used { get; init; }

    /// <summary>Why it was not a candidate for the order; null when it was.</summary>
    public LocationRejection? Rejection { get; init; }

    /// <summary>Lines of the order it could not ship although it was a candidate (handling, line rules), by line id.</summary>
    public IReadOnlyList<LineRejection> LineRejections { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() =>
        Rejection is { } r ? $"{Location}: rejected ({r.Code}: {r.Detail})"
        : $"{Location}: rank {Rank}, score {Score:G6}, sellable {Sellable}" + (EstimatedCost is { } c ? $", cost {c:G6}" : "") + (Used ? ", used" : "") +
          string.Concat(LineRejections.Select(l => $", line {l.LineId} rejected ({l.Rejection.Code}: {l.Rejection.Detail})"));
}

/// <summary>A line a candidate location could not ship, and why.</summary>
/// <param name="LineId">The order line's id.</param>
/// <param name="Rejection">Why.</param>
public readonly record struct LineRejection(string LineId, LocationRejection Rejection);
