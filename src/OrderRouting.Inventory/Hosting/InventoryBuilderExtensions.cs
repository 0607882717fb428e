using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Reactive.Concurrency;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Inventory;
using OrderRouting.Inventory.Availability;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Reconciliation;
using OrderRouting.Inventory.Storage;
using OrderRouting.Ports;

namespace OrderRouting.Hosting;

/// <summary>Registers the stock ledger inside <c>AddOrderRouting(...)</c>.</summary>
public static class InventoryBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="StockLedger"/> as a singleton and as <see cref="IStockReservations"/> and
    /// <see cref="IStockView"/>, and a <see cref="ChannelStockPublisher"/> that pushes stock levels to every registered
    /// <see cref="ISalesChannel"/> (see <see cref="InventoryOptions.PushChannelStock"/>), with an <see cref="InMemoryLedgerStore"/> and the <see cref="NewestFirstShortHoldPolicy"/>
    /// unless the host registered its own <see cref="ILedgerStore"/> or <see cref="IShortHoldPolicy"/>. Uses
    /// <c>TryAdd</c>, so calling it twice keeps the first registration. Resolving the ledger resolves the sales channels
    /// (their ids decide what the ledger computes), so a channel adapter must not depend on the ledger itself. Problems with the options are reported
    /// with every other configuration problem.
    /// </summary>
    /// <param name="builder">The OrderRouting builder.</param>
    /// <param name="configure">Sets the options (locations are required).</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The configuration was already built.</exception>
    public static OrderRoutingBuilder AddInventory(this OrderRoutingBuilder builder, Action<InventoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ThrowIfBuilt();
        if (builder.Services.Any(d => d.ServiceType == typeof(InventoryOptions))) return builder;
        var options = new InventoryOptions();
        configure?.Invoke(options);
        builder.AddValidation(options.Validate);

        var services = builder.Services;
        services.TryAddSingleton(options);
        services.TryAddSingleton<ILedgerStore, InMemoryLedgerStore>();
        services.TryAddSingleton<IShortHoldPolicy, NewestFirstShortHoldPolicy>();
        services.TryAddSingleton(sp => new LedgerServices(sp));
        services.TryAddSingleton(sp => sp.GetRequiredService<LedgerServices>().Ledger);
        services.TryAddSingleton(sp => sp.GetRequiredService<LedgerServices>().Publisher);
        services.TryAddSingleton<IStockReservations>(sp => sp.GetRequiredService<StockLedger>());
        services.TryAddSingleton<IStockView>(sp => sp.GetRequiredService<StockLedger>());
        return builder;
    }

    /// <summary>The ledger and its channel publisher, made together: the publisher must listen from the ledger's first change.</summary>
    /// <remarks>Disposed by the container: the publisher first (it stops pushing), then the ledger.</remarks>
    private sealed class LedgerServices : IDisposable
    {
        public LedgerServices(IServiceProvider services)
        {
            var options = services.GetRequiredService<InventoryOptions>();
            var channels = services.GetServices<ISalesChannel>().ToArray();
            foreach (var channel in channels)
                if (!options.Channels.Any(c => c.Channel == channel.Channel))
                    options.Channels.Add(new ChannelDefinition(channel.Channel, options.Locations));
            Ledger = new StockLedger(options, services.GetRequiredService<IClock>(), services.GetRequiredService<ILedgerStore>(),
                services.GetRequiredService<IShortHoldPolicy>());
            Publisher = new ChannelStockPublisher(Ledger, channels, options.PushChannelStock ? DefaultScheduler.Instance : null);
        }

        public StockLedger Ledger { get; }

        public ChannelStockPublisher Publisher { get; }

        public void Dispose()
        {
            Publisher.Dispose();
            Ledger.Dispose();
        }
    }
}
