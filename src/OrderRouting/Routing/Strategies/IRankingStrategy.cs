namespace OrderRouting.Routing.Strategies;

/// <summary>Which carrier service a shipment uses once its allocation is final.</summary>
public enum ServicePreference
{
    /// <summary>The cheapest for the shipment (ties: higher score, then carrier, then service, ordinal).</summary>
    Cheapest,

    /// <summary>The highest score (ties: cheapest, then carrier, then service, ordinal).</summary>
    BestScore,
}

/// <summary>
/// Ranks candidate locations for an order (or one line of it): fills one score per candidate, lower is better.
/// Ties are broken by lower priority, then location id ordinal; NaN ranks last. Built-ins are in
/// <see cref="RankingStrategies"/>.
/// </summary>
/// <example>
/// A strategy of one's own in a few lines, preferring locations tagged <c>store</c>:
/// <code>
/// sealed class StoresFirst : IRankingStrategy
/// {
///     public string Name => "storesFirst";
///     public void Score(in RankingContext context, Span&lt;double&gt; scores)
///     {
///         for (var i = 0; i &lt; scores.Length; i++)
///             scores[i] = context.Location(i).Capabilities.Contains("store") ? 0 : 1;
///     }
/// }
/// </code>
/// </example>
/// <remarks>Implementations must be thread-safe and deterministic, and should not allocate (routing calls them on
/// every order).</remarks>
public interface IRankingStrategy
{
    /// <summary>The strategy's name, e.g. <c>priority</c>, shown in explanations.</summary>
    string Name { get; }

    /// <summary>Whether the greedy split ranks each line on its own (as <c>highStock</c> does, by the line's SKU);
    /// otherwise one ranking serves the whole order.</summary>
    /// <value>The default value is false.</value>
    bool RanksPerLine => false;

    /// <summary>Which carrier service a shipment uses.</summary>
    /// <value>The default value is <see cref="ServicePreference.Cheapest"/>.</value>
    ServicePreference ServicePreference => ServicePreference.Cheapest;

    /// <summary>Writes one score per candidate into <paramref name="scores"/> (same length as
    /// <see cref="RankingContext.Count"/>); lower ranks first.</summary>
    void Score(in RankingContext context, Span<double> scores);
}
