using BenchmarkDotNet.Attributes;
using NodaTime;
using OrderRouting.Inventory.Ledger;
using static OrderRouting.Benchmarks.Inventory.LedgerBenchmarkSetup;

namespace OrderRouting.Benchmarks.Inventory;

/// <summary>
/// Two threads reserving (and releasing) one unit of the same hot SKU at the same location, as fast as they can:
/// one operation = one reserve + release pair on either thread. Each invocation runs 8,192 pairs per thread.
/// </summary>
public class ContendedReserveLedgerBenchmarks
{
    private const int PerThread = 8192;
    private StockLedger _ledger = null!;
    private ManualClock _clock = null!;
    private (string[] Reserve, string[] Release, HoldId[] Holds)[] _keys = [];
    private readonly LedgerLine _line = new(Eu1, A, 1);
    private static readonly Duration TimeToLive = Duration.FromSeconds(30);

    [GlobalSetup]
    public void Setup()
    {
        (_ledger, _clock) = Create();
        _keys = [Keys("t0", PerThread), Keys("t1", PerThread)];
        _ledger.Receive("p1", Eu1, A, 1_000);
    }

    [GlobalCleanup]
    public void Cleanup() => _ledger.Dispose();

    [Benchmark(OperationsPerInvoke = 2 * PerThread)]
    public void TwoThreadsOneHotSku()
    {
        StartBatch(_ledger, _clock, replenish: 0);
        Parallel.Invoke(() => Work(0), () => Work(1));
    }

    private void Work(int thread)
    {
        var (reserve, release, holds) = _keys[thread];
        for (var i = 0; i < PerThread; i++)
        {
            if (!_ledger.Reserve(reserve[i], holds[i], in _line, TimeToLive).IsAccepted) throw new InvalidOperationException("reserve refused");
            _ledger.Release(release[i], holds[i]);
        }
    }
}
