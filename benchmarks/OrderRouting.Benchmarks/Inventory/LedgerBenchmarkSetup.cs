using NodaTime;
using OrderRouting.Inventory;
using OrderRouting.Inventory.Ledger;

namespace OrderRouting.Benchmarks.Inventory;

/// <summary>A clock the benchmarks move by hand, so that idempotency keys and resolved holds are forgotten between
/// batches (the retention window passes) and the ledger runs in its steady state.</summary>
internal sealed class ManualClock(Instant start) : IClock
{
    public Instant Now = start;

    public Instant GetCurrentInstant() => Now;
}

/// <summary>
/// Builds a ledger for the benchmarks: locations eu-1, eu-2, us-1; a one-minute retention window; no automatic
/// snapshots — each batch starts with <see cref="StartBatch"/>, which moves the clock past the retention window and
/// snapshots at that quiet moment, so the in-memory log holds one batch and the store reuses its chunks.
/// </summary>
internal static class LedgerBenchmarkSetup
{
    public static readonly LocationId Eu1 = LocationId.Of("eu-1");
    public static readonly LocationId Eu2 = LocationId.Of("eu-2");
    public static readonly LocationId Us1 = LocationId.Of("us-1");
    public static readonly Sku A = Sku.Of("SKU-000001");
    public static readonly Sku B = Sku.Of("SKU-000002");
    public static readonly Sku C = Sku.Of("SKU-000003");
    public static readonly Duration Retention = Duration.FromMinutes(1);

    /// <summary>Moves the clock past the retention window: the next command forgets the previous batch's keys.</summary>
    public static readonly Duration BetweenBatches = Retention + Duration.FromSeconds(1);

    public static (StockLedger Ledger, ManualClock Clock) Create()
    {
        var clock = new ManualClock(Instant.FromUtc(2026, 11, 27, 9, 0));
        var options = new InventoryOptions { Locations = { Eu1, Eu2, Us1 }, IdempotencyRetention = Retention, SnapshotEvery = 0 };
        return (new StockLedger(options, clock), clock);
    }

    /// <summary>Passes the retention window (the previous batch's keys and holds are forgotten by the next command, here a
    /// receipt of <paramref name="replenish"/> units of SKU A at eu-1 when positive, else an expiry run) and takes a
    /// snapshot, which trims the store. Both are part of the measured cost.</summary>
    public static void StartBatch(StockLedger ledger, ManualClock clock, int replenish)
    {
        clock.Now += BetweenBatches;
        if (replenish > 0) ledger.Receive("replenish", Eu1, A, replenish);
        else ledger.ExpireDue();
        ledger.TakeSnapshot();
    }

    /// <summary>Distinct keys and hold ids for one batch; reused batch after batch, once the ledger forgot them.</summary>
    public static (string[] ReserveKeys, string[] CommitKeys, HoldId[] Holds) Keys(string prefix, int count) =>
        (Enumerable.Range(0, count).Select(i => $"{prefix}:reserve:{i}").ToArray(),
         Enumerable.Range(0, count).Select(i => $"{prefix}:commit:{i}").ToArray(),
         Enumerable.Range(0, count).Select(i => HoldId.Of($"{prefix}-order-{i}")).ToArray());
}
