using NodaTime;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Storage;
using OrderRouting.Ports;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Storage;

public class SnapshotAndReplayTests
{
    private static void Busy(LedgerTestKit kit)
    {
        kit.Stock(Eu1, A, 10).Stock(Eu2, B, 4);
        kit.Ledger.SetSafetyStock("s1", Eu1, A, 1);
        kit.Ledger.Reserve("r1", Hold("h1"), [Line(Eu1, A, 3), Line(Eu2, B, 1)], Hour);
        kit.Ledger.ReserveCart("r2", Hold("cart"), [Line(Eu2, B, 2)], Duration.FromMinutes(15));
        kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 2), releaseRemainder: false);
        kit.Ledger.Adjust("a1", Eu1, A, -1, AdjustmentReason.Damage, "crushed box");
    }

    [Fact]
    public void WithoutAStore_EntriesAreAppliedAndNotKept()
    {
        // Nothing can read back the entries of a ledger created without a store, so it must not keep them: the
        // reference text of a receipt lives only in its entry, and must be collectable once another command has run.
        var ledger = new StockLedger(LedgerTestKit.NewOptions(), new NodaTime.Testing.FakeClock(Start));
        var reference = Receive(ledger);
        ledger.Receive("r2", Eu1, A, 1); // the ledger's reusable batch now holds this command, not the first
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(reference.IsAlive);
        Assert.Equal(6, ledger.GetSellable(Eu1, A));
        Assert.Equal(2, ledger.TakeSnapshot().Sequence); // snapshots still work: they are returned, with nowhere to save them
        GC.KeepAlive(ledger);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static WeakReference Receive(StockLedger ledger)
        {
            var text = new string('x', 3) + "-po-4711"; // a fresh string, referenced only by the entry
            Assert.True(ledger.Receive("r1", Eu1, A, 5, text).IsAccepted);
            return new WeakReference(text);
        }
    }

    [Fact]
    public void Rebuild_FromEntriesOnly_GivesIdenticalBalancesHoldsAndKeys()
    {
        using var kit = new LedgerTestKit(o => o.SnapshotEvery = 0);
        Busy(kit);

        using var rebuilt = kit.Rebuild();

        Assert.Equal(kit.Ledger.GetBalances(), rebuilt.GetBalances());
        foreach (var id in new[] { Hold("h1"), Hold("cart") })
        {
            var (live, again) = (kit.Ledger.GetHold(id)!, rebuilt.GetHold(id)!);
            Assert.Equal(live with { Lines = [] }, again with { Lines = [] });
            Assert.Equal(live.Lines, again.Lines);
        }
        Assert.True(rebuilt.Reserve("r1", Hold("h1"), [Line(Eu1, A, 3), Line(Eu2, B, 1)], Hour).IsReplay);
        Assert.Equal(LedgerStatus.IdempotencyConflict, rebuilt.Receive("r2", Eu1, A, 1).Status);
    }

    [Fact]
    public void Rebuild_FromSnapshotAndTail_MatchesAndReadsOnlyTheTail()
    {
        var store = new InMemoryLedgerStore();
        using var kit = new LedgerTestKit(o => o.SnapshotEvery = 0, store);
        Busy(kit);
        var snapshot = kit.Ledger.TakeSnapshot();
        Assert.Equal(0, store.Count);
        kit.Ledger.Release("x1", Hold("cart"));
        Assert.Equal(1, store.Count);

        using var rebuilt = kit.Rebuild();

        Assert.Equal(kit.Ledger.GetBalances(), rebuilt.GetBalances());
        Assert.Equal(kit.Ledger.LastSequence, rebuilt.LastSequence);
        Assert.Equal(HoldState.Released, rebuilt.GetHold(Hold("cart"))!.State);
        Assert.Equal(snapshot.Sequence + 1, rebuilt.LastSequence);
        Assert.True(rebuilt.Commit("c1", Hold("h1"), Line(Eu1, A, 2), releaseRemainder: false).IsReplay);
    }

    [Fact]
    public void Rebuild_HoldDueWhileDown_ExpiresOnceAfterRestart()
    {
        using var kit = new LedgerTestKit(o => o.SnapshotEvery = 0);
        kit.Stock(Eu1, A, 2);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Duration.FromMinutes(5));
        kit.Ledger.TakeSnapshot();
        kit.Clock.Advance(Hour);

        using var rebuilt = kit.Rebuild();

        Assert.Equal(1, rebuilt.ExpireDue());
        Assert.Equal(2, rebuilt.GetSellable(Eu1, A));
        Assert.Equal(0, rebuilt.ExpireDue());
    }

    [Fact]
    public void SnapshotEvery_Reached_SavesSnapshotAndDropsCoveredEntries()
    {
        var store = new InMemoryLedgerStore();
        using var kit = new LedgerTestKit(o => o.SnapshotEvery = 3, store);
        kit.Stock(Eu1, A, 1).Stock(Eu1, A, 1).Stock(Eu1, A, 1).Stock(Eu1, A, 1);

        Assert.Equal(3, store.LoadSnapshot()!.Sequence);
        Assert.Equal([4L], store.ReadAfter(0).Select(e => e.Sequence));
        using var rebuilt = kit.Rebuild();
        Assert.Equal(4, rebuilt.GetSellable(Eu1, A));
    }

    [Fact]
    public void InMemoryLedgerStore_GapInSequence_Throws()
    {
        var store = new InMemoryLedgerStore();
        store.Append([new LedgerEntry(1, Start, LedgerEntryKind.Receipt, Eu1, A, 1)]);

        var error = Assert.Throws<ArgumentException>(() => store.Append([new LedgerEntry(3, Start, LedgerEntryKind.Receipt, Eu1, A, 1)]));
        Assert.StartsWith("Entry 0 has sequence 3; expected 2.", error.Message);
    }

    [Fact]
    public void InMemoryLedgerStore_ManyChunksTruncated_KeepsOrderAndReusesChunks()
    {
        var store = new InMemoryLedgerStore();
        for (var i = 1; i <= 2000; i++) store.Append([new LedgerEntry(i, Start, LedgerEntryKind.Receipt, Eu1, A, 1)]);
        store.SaveSnapshot(new LedgerSnapshot(1500, Start, [], [], []));
        for (var i = 2001; i <= 2600; i++) store.Append([new LedgerEntry(i, Start, LedgerEntryKind.Receipt, Eu1, A, 1)]);

        Assert.Equal(Enumerable.Range(1501, 1100).Select(i => (long)i), store.ReadAfter(0).Select(e => e.Sequence));
        Assert.Equal(1100, store.Count);
    }

    [Fact]
    public void Ledger_StoreThrowsOnAppend_StateUnchanged()
    {
        var store = new FailingStore();
        using var kit = new LedgerTestKit(store: store);
        kit.Stock(Eu1, A, 5);
        store.Fail = true;

        Assert.Throws<IOException>(() => kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Hour));
        Assert.Equal(new StockBalance(Eu1, A, 5, 0, 0), kit.Ledger.GetBalance(Eu1, A));
        Assert.Null(kit.Ledger.GetHold(Hold("h1")));
        store.Fail = false;
        Assert.False(kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Hour).IsReplay);
    }

    [Fact]
    public void ExpireDue_StoreThrows_HoldStaysOpenAndExpiresLater()
    {
        var store = new FailingStore();
        using var kit = new LedgerTestKit(store: store);
        kit.Stock(Eu1, A, 5);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Duration.FromMinutes(5));
        kit.Clock.Advance(Hour);
        store.Fail = true;

        Assert.Throws<IOException>(() => kit.Ledger.ExpireDue());
        Assert.Equal(HoldState.Open, kit.Ledger.GetHold(Hold("h1"))!.State);
        store.Fail = false;
        Assert.Equal(1, kit.Ledger.ExpireDue());
        Assert.Equal(5, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void ExpireDue_SnapshotThrowsAfterTheExpiry_TheExpiredHoldIsNotExpiredAgain()
    {
        // The expiry's entries are written and applied, then the periodic snapshot fails: the hold has expired (its
        // record is back in the pool), so it must not be queued as due again and counted as a second expiry.
        var store = new FailingStore();
        using var kit = new LedgerTestKit(o => o.SnapshotEvery = 1, store);
        kit.Stock(Eu1, A, 5);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Duration.FromMinutes(5));
        kit.Clock.Advance(Hour);
        store.FailSnapshots = true;

        Assert.Throws<IOException>(() => kit.Ledger.ExpireDue());
        Assert.Equal(HoldState.Expired, kit.Ledger.GetHold(Hold("h1"))!.State);
        store.FailSnapshots = false;
        Assert.Equal(0, kit.Ledger.ExpireDue());
        Assert.Equal(5, kit.Ledger.GetSellable(Eu1, A));
    }

    private sealed class FailingStore : ILedgerStore
    {
        private readonly InMemoryLedgerStore _inner = new();
        public bool Fail { get; set; }
        public bool FailSnapshots { get; set; }

        public void Append(ReadOnlySpan<LedgerEntry> entries)
        {
            if (Fail) throw new IOException("disk full");
            _inner.Append(entries);
        }

        public LedgerSnapshot? LoadSnapshot() => _inner.LoadSnapshot();

        public IReadOnlyList<LedgerEntry> ReadAfter(long afterSequence) => _inner.ReadAfter(afterSequence);

        public void SaveSnapshot(LedgerSnapshot snapshot)
        {
            if (FailSnapshots) throw new IOException("disk full");
            _inner.SaveSnapshot(snapshot);
        }
    }
}
