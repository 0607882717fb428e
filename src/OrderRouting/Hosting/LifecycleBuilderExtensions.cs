using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Lifecycle;
using OrderRouting.Network;
using OrderRouting.Ports;
using OrderRouting.Routing;

namespace OrderRouting.Hosting;

/// <summary>
/// Registers the order lifecycle and its adapters: <c>services.AddOrderRouting(b => b.UseShipmentPlanner&lt;P&gt;()
/// .AddChannel&lt;C&gt;().AddFulfilmentProvider&lt;F&gt;().AddNotificationSink&lt;N&gt;())</c>. Any of these registers
/// <see cref="OrderLifecycle"/> (a singleton) and <see cref="IOrderStore"/> (in memory unless one is registered).
/// </summary>
/// <remarks>
/// <c>TryAdd</c> semantics throughout: calling a method twice, or <c>AddOrderRouting</c> twice, registers nothing twice.
/// When the configuration is built, the lifecycle's requirements are checked together with every other problem:
/// a planner, an <see cref="IStockReservations"/> (e.g. <c>AddInventory</c>) and at least one fulfilment provider.
/// </remarks>
public static class LifecycleBuilderExtensions
{
    /// <summary>Registers the lifecycle with its defaults, and lets <paramref name="configure"/> change its options.</summary>
    /// <exception cref="InvalidOperationException">The configuration was already built.</exception>
    public static OrderRoutingBuilder AddLifecycle(this OrderRoutingBuilder builder, Action<OrderLifecycleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ThrowIfBuilt();
        var options = EnsureLifecycle(builder);
        configure?.Invoke(options);
        return builder;
    }

    /// <summary>Uses <typeparamref name="TPlanner"/> as the live planner (a singleton) unless one is registered.</summary>
    public static OrderRoutingBuilder UseShipmentPlanner<TPlanner>(this OrderRoutingBuilder builder) where TPlanner : class, IShipmentPlanner
    {
        builder.AddLifecycle();
        builder.Services.TryAddSingleton<IShipmentPlanner, TPlanner>();
        return builder;
    }

    /// <summary>Uses <paramref name="planner"/> as the live planner unless one is registered.</summary>
    public static OrderRoutingBuilder UseShipmentPlanner(this OrderRoutingBuilder builder, IShipmentPlanner planner)
    {
        ArgumentNullException.ThrowIfNull(planner);
        builder.AddLifecycle();
        builder.Services.TryAddSingleton(planner);
        return builder;
    }

    /// <summary>Routes live with a <see cref="RoutingEngine"/> over <paramref name="network"/> with <paramref name="policy"/>
    /// (through <see cref="RoutingEnginePlanner"/>), unless a planner is registered.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static OrderRoutingBuilder UseStrategy(this OrderRoutingBuilder builder, RoutingNetwork network, RoutingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(policy);
        return builder.UseShipmentPlanner(new RoutingEnginePlanner(new RoutingEngine(network, policy)));
    }

    /// <summary>Runs a candidate routing policy as a shadow beside the live one: planned on every order, never acted on,
    /// compared in the report.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static OrderRoutingBuilder UseShadowStrategy(this OrderRoutingBuilder builder, RoutingNetwork network, RoutingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(policy);
        return builder.UseShadowPlanner(new RoutingEnginePlanner(new RoutingEngine(network, policy)));
    }

    /// <summary>Runs <paramref name="planner"/> as a shadow beside the live planner: planned on every order, never acted on.</summary>
    public static OrderRoutingBuilder UseShadowPlanner(this OrderRoutingBuilder builder, IShipmentPlanner planner)
    {
        ArgumentNullException.ThrowIfNull(planner);
        return builder.AddLifecycle(options => options.ShadowPlanner = planner);
    }

    /// <summary>Adds a sales channel (a singleton). Adding the same type twice adds it once.</summary>
    public static OrderRoutingBuilder AddChannel<TChannel>(this OrderRoutingBuilder builder) where TChannel : class, ISalesChannel
    {
        builder.AddLifecycle();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISalesChannel, TChannel>());
        return builder;
    }

    /// <summary>Adds a fulfilment provider (a singleton). Adding the same type twice adds it once.</summary>
    public static OrderRoutingBuilder AddFulfilmentProvider<TProvider>(this OrderRoutingBuilder builder) where TProvider : class, IFulfilmentProvider
    {
        builder.AddLifecycle();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IFulfilmentProvider, TProvider>());
        return builder;
    }

    /// <summary>Adds a fulfilment provider instance. Adding the same instance twice adds it once.</summary>
    public static OrderRoutingBuilder AddFulfilmentProvider(this OrderRoutingBuilder builder, IFulfilmentProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        builder.AddLifecycle();
        if (!builder.Services.Any(d => d.ServiceType == typeof(IFulfilmentProvider) && ReferenceEquals(d.ImplementationInstance, provider)))
            builder.Services.AddSingleton(provider);
        return builder;
    }

    /// <summary>Uses <typeparamref name="TSink"/> for customer notifications unless a sink is registered.</summary>
    public static OrderRoutingBuilder AddNotificationSink<TSink>(this OrderRoutingBuilder builder) where TSink : class, INotificationSink
    {
        builder.AddLifecycle();
        builder.Services.TryAddSingleton<INotificationSink, TSink>();
        return builder;
    }

    /// <summary>Adds an exception policy; policies are asked in the order added. Adding the same type twice adds it once.</summary>
    public static OrderRoutingBuilder AddExceptionPolicy<TPolicy>(this OrderRoutingBuilder builder) where TPolicy : class, IExceptionPolicy
    {
        builder.AddLifecycle();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionPolicy, TPolicy>());
        return builder;
    }

    /// <summary>Uses <typeparamref name="TStore"/> to keep orders (a durable store) instead of the in-memory one.</summary>
    public static OrderRoutingBuilder UseOrderStore<TStore>(this OrderRoutingBuilder builder) where TStore : class, IOrderStore
    {
        builder.AddLifecycle();
        builder.Services.TryAddSingleton<IOrderStore, TStore>();
        return builder;
    }

    private static OrderLifecycleOptions EnsureLifecycle(OrderRoutingBuilder builder)
    {
        var services = builder.Services;
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(OrderLifecycleOptions))?.ImplementationInstance;
        if (existing is OrderLifecycleOptions options)
        {
            AddChecksOnce(builder, options);
            return options;
        }

        options = new OrderLifecycleOptions();
        services.AddSingleton(options);
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.TryAddSingleton<IOrderStore, InMemoryOrderStore>();
        services.TryAddSingleton(sp => new OrderLifecycle(
            sp.GetRequiredService<IStockReservations>(),
            sp.GetRequiredService<IShipmentPlanner>(),
            sp.GetRequiredService<IClock>(),
            sp.GetServices<IFulfilmentProvider>(),
            sp.GetRequiredService<OrderLifecycleOptions>(),
            sp.GetRequiredService<IOrderStore>(),
            sp.GetService<INotificationSink>(),
            sp.GetService<IReturnsPort>(),
            sp.GetServices<IExceptionPolicy>(),
            sp.GetServices<ISalesChannel>(),
            sp.GetService<IMeterFactory>(),
            sp.GetService<ICarrierGateway>()));
        AddChecksOnce(builder, options);
        return options;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<OrderRoutingBuilder, object> Checked = new();

    private static void AddChecksOnce(OrderRoutingBuilder builder, OrderLifecycleOptions options)
    {
        if (Checked.TryGetValue(builder, out _)) return;
        Checked.Add(builder, options);
        var services = builder.Services;
        builder.AddValidation(problems =>
        {
            foreach (var problem in options.Validate()) problems.Add(problem);
            if (!services.Any(d => d.ServiceType == typeof(IShipmentPlanner)))
                problems.Add("Lifecycle.Planner: no planner is registered; call UseShipmentPlanner(...) (or a routing strategy)");
            if (!services.Any(d => d.ServiceType == typeof(IStockReservations)))
                problems.Add("Lifecycle.Ledger: no IStockReservations is registered; call AddInventory(...) or register your ledger");
            if (!services.Any(d => d.ServiceType == typeof(IFulfilmentProvider)))
                problems.Add("Lifecycle.FulfilmentProviders: no fulfilment provider is registered; call AddFulfilmentProvider<T>()");
        });
    }
}
