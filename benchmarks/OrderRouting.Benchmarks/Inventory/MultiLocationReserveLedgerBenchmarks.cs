using BenchmarkDotNet.Attributes;
using NodaTime;
using OrderRouting.Inventory.Ledger;
using static OrderRouting.Benchmarks.Inventory.LedgerBenchmarkSetup;

namespace OrderRouting.Benchmarks.Inventory;

/// <summary>
/// A 3-line order across three locations, reserved all-or-nothing and then released (one operation = reserve +
/// release, so stock stays level). Batches of 4,096; the clock passes the retention window between batches.
/// </summary>
public class MultiLocationReserveLedgerBenchmarks
{
    private const int Batch = 4096;
    private StockLedger _ledger = null!;
    private ManualClock _clock = null!;
    private string[] _reserveKeys = [];
    private string[] _releaseKeys = [];
    private HoldId[] _holds = [];
    private readonly LedgerLine[] _lines = [new(Eu1, A, 1), new(Eu2, B, 2), new(Us1, C, 1)];
    private static readonly Duration TimeToLive = Duration.FromSeconds(30);

    [GlobalSetup]
    public void Setup()
    {
        (_ledger, _clock) = Create();
        (_reserveKeys, _releaseKeys, _holds) = Keys("multi", Batch);
        _ledger.Receive("p1", Eu1, A, 1000);
        _ledger.Receive("p2", Eu2, B, 1000);
        _ledger.Receive("p3", Us1, C, 1000);
    }

    [GlobalCleanup]
    public void Cleanup() => _ledger.Dispose();

    [Benchmark(OperationsPerInvoke = Batch)]
    public int ReserveThreeLinesThenRelease()
    {
        StartBatch(_ledger, _clock, replenish: 0);
        var accepted = 0;
        for (var i = 0; i < Batch; i++)
        {
            if (_ledger.Reserve(_reserveKeys[i], _holds[i], _lines, TimeToLive).IsAccepted) accepted++;
            if (_ledger.Release(_releaseKeys[i], _holds[i]).IsAccepted) accepted++;
        }
        return accepted == 2 * Batch ? accepted : throw new InvalidOperationException($"only {accepted} of {2 * Batch} accepted");
    }
}
