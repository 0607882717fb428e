using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Ports;
using OrderRouting.Returns;

namespace OrderRouting.Hosting;

/// <summary>Registers the returns package inside <c>AddOrderRouting(...)</c>.</summary>
public static class ReturnsOrderRoutingBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="ReturnsService"/> (also as <see cref="IReturnsPort"/>), the default <see cref="IReturnPolicy"/>
    /// built from <see cref="ReturnsOptions"/>, the default <see cref="IReturnRouter"/> (outbound routing's strategies over
    /// <see cref="ReturnsOptions.Routing"/>), and checks the options when the configuration is built. Uses
    /// <c>TryAdd</c>: a policy or router registered before wins, and a second call changes nothing (its
    /// <paramref name="configure"/> is not applied). The host registers the adapters: <see cref="IStockReservations"/>,
    /// <see cref="ICarrierGateway"/>, <see cref="IRefundGateway"/>, <see cref="IExchangeOrderGateway"/>,
    /// <see cref="IInboundReturnNotifier"/> and <see cref="INotificationSink"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The configuration was already built.</exception>
    public static OrderRoutingBuilder AddReturns(this OrderRoutingBuilder builder, Action<ReturnsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ThrowIfBuilt();
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ReturnsOptions))) return builder;

        var options = new ReturnsOptions();
        configure?.Invoke(options);
        builder.AddValidation(options.Validate);
        services.TryAddSingleton(options);
        services.TryAddSingleton<IReturnPolicy>(sp =>
        {
            var o = sp.GetRequiredService<ReturnsOptions>();
            return new DefaultReturnPolicy(o.Policy, o.AdvanceExchange);
        });
        services.TryAddSingleton<IReturnRouter>(sp =>
        {
            var o = sp.GetRequiredService<ReturnsOptions>();
            return new StrategyReturnRouter(o.Routing, o.Carrier, o.CarrierService);
        });
        services.TryAddSingleton(sp => new ReturnsService(
            sp.GetRequiredService<IClock>(), sp.GetRequiredService<IReturnPolicy>(), sp.GetRequiredService<IReturnRouter>(),
            sp.GetRequiredService<IStockReservations>(), sp.GetRequiredService<ICarrierGateway>(), sp.GetRequiredService<IRefundGateway>(),
            sp.GetRequiredService<IExchangeOrderGateway>(), sp.GetRequiredService<IInboundReturnNotifier>(),
            sp.GetRequiredService<INotificationSink>(), sp.GetRequiredService<ReturnsOptions>()));
        services.TryAddSingleton<IReturnsPort>(sp => sp.GetRequiredService<ReturnsService>());
        return builder;
    }
}
