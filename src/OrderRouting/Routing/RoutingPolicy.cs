using OrderRouting.Routing.Eligibility;
using OrderRouting.Routing.Strategies;

namespace OrderRouting.Routing;

/// <summary>How an order may be divided between locations.</summary>
public enum SplitPolicy
{
    /// <summary>Line by line, in order: take as much as each ranked location has, moving to the next for the rest.</summary>
    Greedy,

    /// <summary>The fewest shipments that cover the most units; among those, the best ranked set.</summary>
    Minimize,

    /// <summary>The whole order from one location: the best ranked one that can ship all of it.</summary>
    None,
}

/// <summary>What happens when only part of an order can be allocated.</summary>
public enum PartialPolicy
{
    /// <summary>Ship what can be allocated; the rest is reported unallocated (backordered).</summary>
    Allow,

    /// <summary>All or nothing: allocate nothing unless every unit can be allocated.</summary>
    Forbid,
}

/// <summary>
/// A routing policy: the ranking strategy, the split and partial policies, and the user's own eligibility rules
/// (checked after the built-in ones).
/// </summary>
/// <remarks>Immutable and thread-safe (provided its strategy and rules are).</remarks>
public sealed record RoutingPolicy
{
    /// <summary>Ranks the candidate locations.</summary>
    /// <value>The default value is <see cref="RankingStrategies.Priority"/>.</value>
    public IRankingStrategy Strategy { get; init; } = RankingStrategies.Priority;

    /// <summary>How an order may be divided between locations.</summary>
    /// <value>The default value is <see cref="SplitPolicy.Greedy"/>.</value>
    public SplitPolicy Split { get; init; } = SplitPolicy.Greedy;

    /// <summary>Whether part of an order may ship.</summary>
    /// <value>The default value is <see cref="PartialPolicy.Allow"/>.</value>
    public PartialPolicy Partial { get; init; } = PartialPolicy.Allow;

    /// <summary>The user's own eligibility rules, checked in order after the built-in ones.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<IEligibilityRule> Rules { get; init; } = [];
}
