using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace OrderRouting.Hosting;

/// <summary>Registers OrderRouting in a service collection.</summary>
public static class OrderRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Registers OrderRouting's services with <c>TryAdd</c> semantics (calling it twice is harmless) and the
    /// system clock as <see cref="IClock"/> unless one is registered. All configuration problems found by
    /// <paramref name="configure"/> are reported together.
    /// </summary>
    /// <exception cref="OrderRoutingConfigurationException">The configuration has one or more problems.</exception>
    public static IServiceCollection AddOrderRouting(this IServiceCollection services, Action<OrderRoutingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        var builder = new OrderRoutingBuilder(services);
        configure?.Invoke(builder);
        builder.Build();
        return services;
    }
}
