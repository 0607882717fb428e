using NodaTime;
using NodaTime.Testing;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Storage;

namespace OrderRouting.Inventory.Tests;

/// <summary>Locations, SKUs and a ledger on a fake clock, for the tests.</summary>
internal sealed class LedgerTestKit : IDisposable
{
    public static readonly LocationId Eu1 = LocationId.Of("eu-1");
    public static readonly LocationId Eu2 = LocationId.Of("eu-2");
    public static readonly LocationId Us1 = LocationId.Of("us-1");
    public static readonly LocationId Unknown = LocationId.Of("xx-9");
    public static readonly Sku A = Sku.Of("SKU-A");
    public static readonly Sku B = Sku.Of("SKU-B");
    public static readonly Sku C = Sku.Of("SKU-C");
    public static readonly Instant Start = Instant.FromUtc(2026, 11, 27, 9, 0);
    public static readonly Duration Hour = Duration.FromHours(1);

    public LedgerTestKit(Action<InventoryOptions>? configure = null, ILedgerStore? store = null)
    {
        Options = NewOptions(configure);
        Store = store ?? new InMemoryLedgerStore(keepEntriesCoveredBySnapshots: true);
        Ledger = new StockLedger(Options, Clock, Store);
    }

    public FakeClock Clock { get; } = new(Start);
    public InventoryOptions Options { get; }
    public ILedgerStore Store { get; }
    public StockLedger Ledger { get; }

    public static InventoryOptions NewOptions(Action<InventoryOptions>? configure = null)
    {
        var options = new InventoryOptions { Locations = { Eu1, Eu2, Us1 } };
        configure?.Invoke(options);
        return options;
    }

    public static HoldId Hold(string id) => HoldId.Of(id);

    public static LedgerLine Line(LocationId location, Sku sku, int quantity) => new(location, sku, quantity);

    /// <summary>Receives stock and asserts it was accepted.</summary>
    public LedgerTestKit Stock(LocationId location, Sku sku, int units)
    {
        var result = Ledger.Receive($"receipt:{location}:{sku}:{Ledger.LastSequence}", location, sku, units);
        if (!result.IsAccepted) throw new InvalidOperationException(result.Message);
        return this;
    }

    /// <summary>A ledger rebuilt from this kit's store on the same clock.</summary>
    public StockLedger Rebuild() => new(Options, Clock, Store);

    public void Dispose() => Ledger.Dispose();
}
