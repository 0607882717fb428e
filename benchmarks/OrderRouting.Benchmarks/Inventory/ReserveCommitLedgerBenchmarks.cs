using BenchmarkDotNet.Attributes;
using NodaTime;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Ports;
using static OrderRouting.Benchmarks.Inventory.LedgerBenchmarkSetup;

namespace OrderRouting.Benchmarks.Inventory;

/// <summary>
/// Single-thread throughput of single-line reserve + commit pairs (one operation = one pair), through the
/// allocation-free value API and through the port's record API. Each invocation runs a batch of 4,096 pairs, then
/// the clock moves past the retention window so the next batch reuses the keys, and a snapshot trims the in-memory
/// log; forgetting the keys and the snapshot are part of the measured cost.
/// </summary>
public class ReserveCommitLedgerBenchmarks
{
    private const int Batch = 4096;
    private StockLedger _ledger = null!;
    private ManualClock _clock = null!;
    private string[] _reserveKeys = [];
    private string[] _commitKeys = [];
    private HoldId[] _holds = [];
    private ReserveCommand[] _reserveCommands = [];
    private CommitCommand[] _commitCommands = [];
    private readonly LedgerLine _line = new(Eu1, A, 1);
    private static readonly Duration TimeToLive = Duration.FromSeconds(30);

    [GlobalSetup]
    public void Setup()
    {
        (_ledger, _clock) = Create();
        (_reserveKeys, _commitKeys, _holds) = Keys("bench", Batch);
        _reserveCommands = _holds.Select((h, i) => new ReserveCommand(_reserveKeys[i], h, [new StockLine(Eu1, A, 1)], TimeToLive)).ToArray();
        _commitCommands = _holds.Select((h, i) => new CommitCommand(_commitKeys[i], h, [new StockLine(Eu1, A, 1)])).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _ledger.Dispose();

    private void NextBatch() => StartBatch(_ledger, _clock, Batch);

    /// <summary>Reserve one unit, then commit it: the value API (<c>in LedgerLine</c>, <see cref="LedgerResult"/>).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int ReserveCommitPair()
    {
        NextBatch();
        var accepted = 0;
        for (var i = 0; i < Batch; i++)
        {
            if (_ledger.Reserve(_reserveKeys[i], _holds[i], in _line, TimeToLive).IsAccepted) accepted++;
            if (_ledger.Commit(_commitKeys[i], _holds[i], in _line).IsAccepted) accepted++;
        }
        return accepted == 2 * Batch ? accepted : throw new InvalidOperationException($"only {accepted} of {2 * Batch} accepted");
    }

    /// <summary>The same pair through <see cref="IStockReservations"/> with prebuilt command records (allocates the outcome records).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int ReserveCommitPairThroughPort()
    {
        NextBatch();
        IStockReservations port = _ledger;
        var accepted = 0;
        for (var i = 0; i < Batch; i++)
        {
            if (port.Reserve(_reserveCommands[i]).IsAccepted) accepted++;
            if (port.Commit(_commitCommands[i]).IsAccepted) accepted++;
        }
        return accepted == 2 * Batch ? accepted : throw new InvalidOperationException($"only {accepted} of {2 * Batch} accepted");
    }
}
