using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using OrderRouting.Inventory;
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
    /// <see cref="IStockView"/>, with an <see cref="InMemoryLedgerStore"/> and the <see cref="NewestFirstShortHoldPolicy"/>
    /// unless the host registered its own <see cref="ILedgerStore"/> or <see cref="IShortHoldPolicy"/>. Uses
    /// <c>TryAdd</c>, so calling it twice keeps the first registration. Problems with the options are reported
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
        services.TryAddSingleton(sp => new StockLedger(
            sp.GetRequiredService<InventoryOptions>(), sp.GetRequiredService<IClock>(), sp.GetRequiredService<ILedgerStore>(),
            sp.GetRequiredService<IShortHoldPolicy>()));
        services.TryAddSingleton<IStockReservations>(sp => sp.GetRequiredService<StockLedger>());
        services.TryAddSingleton<IStockView>(sp => sp.GetRequiredService<StockLedger>());
        return builder;
    }
}
