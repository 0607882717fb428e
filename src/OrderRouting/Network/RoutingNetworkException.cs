namespace OrderRouting.Network;

/// <summary>Every problem found in a routing network or policy, reported together.</summary>
public sealed class RoutingNetworkException : ArgumentException
{
    /// <summary>Creates the exception from the problems found.</summary>
    public RoutingNetworkException(IReadOnlyList<string> problems)
        : base("The routing network has " + problems.Count + (problems.Count == 1 ? " problem:" : " problems:") +
               string.Concat(problems.Select(p => Environment.NewLine + "- " + p)))
    {
        Problems = problems;
    }

    /// <summary>Each problem, one sentence naming the field, e.g. <c>Locations[2].Services[0].Score: must be in [0, 1], was 2</c>.</summary>
    public IReadOnlyList<string> Problems { get; }
}
