using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderRouting.Hosting;
using OrderRouting.Network;
using OrderRouting.Routing.Strategies;

namespace OrderRouting.Routing;

/// <summary>Registers the routing engine inside <see cref="OrderRoutingServiceCollectionExtensions.AddOrderRouting"/>.</summary>
public static class RoutingBuilderExtensions
{
    /// <summary>
    /// Registers <paramref name="network"/> and a <see cref="RoutingEngine"/> routing over it by
    /// <paramref name="policy"/> (default: <c>priority</c>, greedy, partial allowed) as singletons, with <c>TryAdd</c>
    /// semantics (the first registration wins). Problems with the policy are reported with every other configuration
    /// problem when the configuration is built.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The configuration was already built.</exception>
    public static OrderRoutingBuilder AddRouting(this OrderRoutingBuilder builder, RoutingNetwork network, RoutingPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ThrowIfBuilt();
        policy ??= new RoutingPolicy();
        builder.AddValidation(problems =>
        {
            if (network is null) problems.Add("Routing.Network: is required");
            if (policy.Strategy is null) problems.Add("Routing.Policy.Strategy: is required");
            if (!Enum.IsDefined(policy.Split)) problems.Add($"Routing.Policy.Split: undefined value {policy.Split}");
            if (!Enum.IsDefined(policy.Partial)) problems.Add($"Routing.Policy.Partial: undefined value {policy.Partial}");
            if (policy.Rules is null) problems.Add("Routing.Policy.Rules: is required");
            else if (policy.Rules.Any(r => r is null)) problems.Add("Routing.Policy.Rules: must not hold null");
        });
        if (network is not null)
        {
            builder.Services.TryAddSingleton(network);
            builder.Services.TryAddSingleton(sp => new RoutingEngine(sp.GetRequiredService<RoutingNetwork>(), policy));
        }
        return builder;
    }
}
