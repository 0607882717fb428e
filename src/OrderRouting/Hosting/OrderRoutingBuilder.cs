using Microsoft.Extensions.DependencyInjection;

namespace OrderRouting.Hosting;

/// <summary>
/// Configures OrderRouting inside <see cref="OrderRoutingServiceCollectionExtensions.AddOrderRouting"/>. Each package
/// adds its own extensions (<c>AddInventory</c>, <c>AddReturns</c>, ...). Every configuration problem is collected and
/// reported together, in one <see cref="OrderRoutingConfigurationException"/>, when the configuration is built.
/// </summary>
/// <remarks>Not thread-safe: configure from one thread at start-up. Refuses changes after it was built.</remarks>
public sealed class OrderRoutingBuilder
{
    private readonly List<Action<ICollection<string>>> _checks = [];
    private bool _built;

    internal OrderRoutingBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds a check that runs when the configuration is built; it adds a sentence to the list for each problem found,
    /// naming the setting (e.g. <c>"Inventory.HoldTimeToLive: must be positive, was -00:05:00"</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration was already built.</exception>
    public OrderRoutingBuilder AddValidation(Action<ICollection<string>> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        ThrowIfBuilt();
        _checks.Add(check);
        return this;
    }

    /// <summary>Throws when the configuration was already built.</summary>
    /// <exception cref="InvalidOperationException">The configuration was already built.</exception>
    public void ThrowIfBuilt()
    {
        if (_built) throw new InvalidOperationException("The OrderRouting configuration was already built; configure it inside AddOrderRouting(...).");
    }

    internal void Build()
    {
        ThrowIfBuilt();
        _built = true;
        var problems = new List<string>();
        foreach (var check in _checks) check(problems);
        if (problems.Count > 0) throw new OrderRoutingConfigurationException(problems);
    }
}

/// <summary>Every problem found in an OrderRouting configuration, reported together.</summary>
public sealed class OrderRoutingConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public OrderRoutingConfigurationException(IReadOnlyList<string> problems)
        : base("The OrderRouting configuration has " + problems.Count + (problems.Count == 1 ? " problem:" : " problems:") +
               string.Concat(problems.Select(p => Environment.NewLine + "- " + p)))
    {
        Problems = problems;
    }

    /// <summary>Each problem, one sentence naming the setting.</summary>
    public IReadOnlyList<string> Problems { get; }
}
