using OrderRouting.Network;
using OrderRouting.Routing.Eligibility;
using OrderRouting.Routing.Strategies;

namespace OrderRouting.Returns;

/// <summary>A location that may receive returns: the location as routing knows it, and the address labels go to.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ReturnLocation
{
    /// <summary>
    /// The location, as in an outbound <see cref="RoutingNetwork"/> (position, priority, handling capabilities,
    /// channels, countries). It needs no carrier service of its own; without one it is given the label carrier's.
    /// </summary>
    public required StockLocation Location { get; init; }

    /// <summary>The address return labels are made out to.</summary>
    public required Address Address { get; init; }
}

/// <summary>
/// Return routing: which location a return goes to, chosen by the outbound routing machinery (a
/// <see cref="Routing.RoutingEngine"/> over the return locations, with a ranking strategy and eligibility rules) for a
/// "shipment" from the customer's address. Every property documents its default.
/// </summary>
/// <remarks>Not thread-safe: configure at start-up.</remarks>
public sealed class ReturnRoutingOptions
{
    /// <summary>The locations that may receive returns: stores, returns centres, warehouses.</summary>
    /// <value>The default value is empty (then no return can be routed, unless you register your own <see cref="IReturnRouter"/>).</value>
    public IList<ReturnLocation> Locations { get; } = [];

    /// <summary>How candidates are ranked (any outbound strategy, or a weighted blend).</summary>
    /// <value>The default value is <see cref="RankingStrategies.Distance"/>: the nearest location to the customer.</value>
    public IRankingStrategy Strategy { get; set; } = RankingStrategies.Distance;

    /// <summary>
    /// The capability a location needs to accept returns at all; null or empty means every location does. Returned
    /// lines' handling tags (e.g. <c>hazmat</c>) must be capabilities of the location too, as for outbound routing.
    /// </summary>
    /// <value>The default value is <c>"returns"</c>.</value>
    public string? Capability { get; set; } = "returns";

    /// <summary>Further eligibility rules (e.g. "no returns of marketplace orders to stores").</summary>
    /// <value>The default value is empty.</value>
    public IList<IEligibilityRule> Rules { get; } = [];

    /// <summary>Adds a sentence to <paramref name="problems"/> for each invalid setting, naming it.</summary>
    public void Validate(ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (Strategy is null) problems.Add("Returns.Routing.Strategy: is required");
        for (var i = 0; i < Locations.Count; i++)
        {
            if (Locations[i] is null) problems.Add($"Returns.Routing.Locations[{i}]: is required");
            else if (Locations[i].Address is null) problems.Add($"Returns.Routing.Locations[{i}].Address: is required");
        }
        for (var i = 0; i < Rules.Count; i++)
            if (Rules[i] is null) problems.Add($"Returns.Routing.Rules[{i}]: is required");
        if (Locations.All(l => l?.Location is not null))
        {
            try
            {
                StrategyReturnRouter.Network(Locations, "returns", "standard");
            }
            catch (RoutingNetworkException error)
            {
                foreach (var problem in error.Problems) problems.Add("Returns.Routing." + problem);
            }
        }
        else
        {
            problems.Add("Returns.Routing.Locations: every location needs its Location");
        }
    }
}
