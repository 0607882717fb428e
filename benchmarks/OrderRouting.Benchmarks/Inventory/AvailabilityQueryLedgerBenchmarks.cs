using BenchmarkDotNet.Attributes;
using OrderRouting.Inventory.Availability;
using OrderRouting.Inventory;
using OrderRouting.Inventory.Ledger;
using static OrderRouting.Benchmarks.Inventory.LedgerBenchmarkSetup;

namespace OrderRouting.Benchmarks.Inventory;

/// <summary>Reads: sellable units (lock-free), consistent balances (under the lock) and a channel's availability,
/// on a ledger with 3 locations × 10,000 SKUs.</summary>
public class AvailabilityQueryLedgerBenchmarks
{
    private StockLedger _ledger = null!;
    private Sku[] _probes = [];
    private readonly ChannelId _web = ChannelId.Of("web");

    [GlobalSetup]
    public void Setup()
    {
        var clock = new ManualClock(NodaTime.Instant.FromUtc(2026, 11, 27, 9, 0));
        var options = new InventoryOptions { Locations = { Eu1, Eu2, Us1 } };
        options.Channels.Add(new ChannelDefinition(_web, [Eu1, Eu2, Us1]) { SafetyBuffer = 2, AllocationPercent = 80 });
        _ledger = new StockLedger(options, clock);
        var skus = Enumerable.Range(0, 10_000).Select(i => Sku.Of($"SKU-{i:D6}")).ToArray();
        foreach (var location in new[] { Eu1, Eu2, Us1 })
            foreach (var sku in skus) _ledger.Receive($"{location}:{sku}", location, sku, 10);
        _probes = Enumerable.Range(0, 64).Select(i => skus[i * 97 % skus.Length]).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _ledger.Dispose();

    /// <summary>One <see cref="StockLedger.GetSellable"/> (per operation; 64 SKUs per invocation).</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public int GetSellable()
    {
        var sum = 0;
        foreach (var sku in _probes) sum += _ledger.GetSellable(Eu2, sku);
        return sum;
    }

    /// <summary>One <see cref="StockLedger.GetBalance"/>: consistent on hand, reserved and safety stock, under the lock.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public int GetBalance()
    {
        var sum = 0;
        foreach (var sku in _probes) sum += _ledger.GetBalance(Eu2, sku).Sellable;
        return sum;
    }

    /// <summary>One channel availability: three locations summed, buffer and allocation applied.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public int GetChannelAvailability()
    {
        var sum = 0;
        foreach (var sku in _probes) sum += _ledger.GetChannelAvailability(_web, sku);
        return sum;
    }
}
