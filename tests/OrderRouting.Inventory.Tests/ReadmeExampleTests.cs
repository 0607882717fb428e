using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OrderRouting.Hosting;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Ports;
using Xunit;

namespace OrderRouting.Inventory.Tests;

/// <summary>The README's "Inventory ledger" example, verbatim, so that it keeps compiling and doing what it says.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_RunsAsDescribed()
    {
        var eu1 = LocationId.Of("eu-1");
        var sku = Sku.Of("SKU-1");
        using var ledger = new StockLedger(new InventoryOptions { Locations = { eu1 } }, SystemClock.Instance);

        ledger.Receive("PO-77:line-1", eu1, sku, 10);                                  // on hand 10, sellable 10
        var hold = HoldId.Of("web-1001");
        var held = ledger.Reserve("web:1001:reserve", hold, [new LedgerLine(eu1, sku, 3)], Duration.FromDays(2));
        if (held.Status == LedgerStatus.InsufficientStock) { /* a race took the stock: route again (held.Shortages) */ }
        var replay = ledger.Reserve("web:1001:reserve", hold, [new LedgerLine(eu1, sku, 3)], Duration.FromDays(2)); // IsReplay: no change
        ledger.Commit("web:1001:ship", hold, [new LedgerLine(eu1, sku, 2)]);           // ships 2, releases the 3rd
        var count = ledger.RecordCount("wms:eu-1:2026-11-27", eu1, sku, 6);           // adjustment of -2, reason CycleCount
        foreach (var shortHold in count.ShortHolds) { /* re-route shortHold.Hold */ }

        Assert.True(held.IsAccepted);
        Assert.True(replay.IsReplay);
        Assert.Equal(-2, count.Delta);
        Assert.Empty(count.ShortHolds);
        Assert.Equal(6, ledger.GetSellable(eu1, sku));

        var services = new ServiceCollection();
        services.AddOrderRouting(b => b.AddInventory(o => o.Locations.Add(eu1)));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<StockLedger>(provider.GetRequiredService<IStockReservations>());
    }
}
