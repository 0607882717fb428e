using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using OrderRouting.Hosting;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Reconciliation;
using OrderRouting.Inventory.Storage;
using OrderRouting.Ports;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Hosting;

public class AddInventoryTests
{
    [Fact]
    public void AddInventory_Registered_LedgerServesBothPortsAsOneSingleton()
    {
        var services = new ServiceCollection().AddSingleton<IClock>(new FakeClock(Start));
        services.AddOrderRouting(b => b.AddInventory(o => o.Locations.Add(Eu1)));
        using var provider = services.BuildServiceProvider();

        var ledger = provider.GetRequiredService<StockLedger>();
        Assert.Same(ledger, provider.GetRequiredService<IStockReservations>());
        Assert.Same(ledger, provider.GetRequiredService<IStockView>());
        Assert.IsType<InMemoryLedgerStore>(provider.GetRequiredService<ILedgerStore>());
        Assert.IsType<NewestFirstShortHoldPolicy>(provider.GetRequiredService<IShortHoldPolicy>());
        Assert.True(ledger.Receive("p1", Eu1, A, 1).IsAccepted);
    }

    [Fact]
    public void AddInventory_Twice_KeepsFirstRegistration()
    {
        var services = new ServiceCollection();
        services.AddOrderRouting(b => b.AddInventory(o => o.Locations.Add(Eu1)).AddInventory(o => o.Locations.Add(Eu2)));
        services.AddOrderRouting(b => b.AddInventory(o => o.Locations.Add(Us1)));

        Assert.Single(services, d => d.ServiceType == typeof(StockLedger));
        Assert.Single(services, d => d.ServiceType == typeof(InventoryOptions));
        using var provider = services.BuildServiceProvider();
        Assert.Equal([Eu1], provider.GetRequiredService<InventoryOptions>().Locations);
    }

    [Fact]
    public void AddInventory_HostStoreAndPolicy_AreKept()
    {
        var store = new InMemoryLedgerStore(keepEntriesCoveredBySnapshots: true);
        var services = new ServiceCollection()
            .AddSingleton<ILedgerStore>(store)
            .AddSingleton<IShortHoldPolicy, CartsFirstShortHoldPolicy>();
        services.AddOrderRouting(b => b.AddInventory(o => o.Locations.Add(Eu1)));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<StockLedger>().Receive("p1", Eu1, A, 1);
        Assert.Equal(1, store.Count);
        Assert.IsType<CartsFirstShortHoldPolicy>(provider.GetRequiredService<IShortHoldPolicy>());
    }

    [Fact]
    public void AddInventory_BadOptions_AllProblemsInOneException()
    {
        var error = Assert.Throws<OrderRoutingConfigurationException>(() => new ServiceCollection().AddOrderRouting(b => b.AddInventory(o =>
        {
            o.IdempotencyRetention = Duration.Zero;
            o.CartHoldTimeToLive = Duration.FromMinutes(-5);
            o.SnapshotEvery = -1;
            o.ExpectedHolds = -1;
        })));

        Assert.Equal(
            "The OrderRouting configuration has 5 problems:" + Environment.NewLine +
            "- Inventory.Locations: must name at least one location" + Environment.NewLine +
            "- Inventory.IdempotencyRetention: must be positive, was 0:00:00:00" + Environment.NewLine +
            "- Inventory.CartHoldTimeToLive: must be positive, was -0:00:05:00" + Environment.NewLine +
            "- Inventory.SnapshotEvery: must not be negative, was -1" + Environment.NewLine +
            "- Inventory.ExpectedHolds: must not be negative, was -1",
            error.Message);
    }
}
