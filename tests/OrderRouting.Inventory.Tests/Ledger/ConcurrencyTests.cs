using System.Diagnostics;
using NodaTime;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Storage;
using OrderRouting.Ports;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Ledger;

/// <summary>Real threads against one ledger, for about a second each; then the books must balance and replay.</summary>
public class ConcurrencyTests
{
    private static readonly TimeSpan RunFor = TimeSpan.FromMilliseconds(900);

    /// <summary>The hard cap when a race must go on until something was seen (a loaded machine runs slowly).</summary>
    private static readonly TimeSpan RunAtMost = TimeSpan.FromSeconds(20);
    private static readonly int Threads = Math.Max(4, Environment.ProcessorCount * 2);

    private sealed class Tally
    {
        public long Reserved, Released, Committed, Accepted, Refused;

        public void Add(Tally other)
        {
            Reserved += other.Reserved;
            Released += other.Released;
            Committed += other.Committed;
            Accepted += other.Accepted;
            Refused += other.Refused;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on <see cref="Threads"/> threads (plus a reader checking every instant) until time is
    /// up and, when given, <paramref name="seen"/> holds (capped at <see cref="RunAtMost"/>), so that the contention a
    /// test relies on happens however slowly a loaded machine schedules the threads.
    /// </summary>
    private static Tally Race(Action<int, Tally, Func<bool>> work, Action? check = null, Func<bool>? seen = null)
    {
        var stopwatch = Stopwatch.StartNew();
        bool Running() => stopwatch.Elapsed < RunAtMost && (stopwatch.Elapsed < RunFor || (seen is not null && !seen()));
        var tallies = Enumerable.Range(0, Threads).Select(_ => new Tally()).ToArray();
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try { work(t, tallies[t], Running); }
            catch (Exception e) { lock (errors) errors.Add(e); }
        })).ToList();
        if (check is not null)
            threads.Add(new Thread(() =>
            {
                try { while (Running()) check(); }
                catch (Exception e) { lock (errors) errors.Add(e); }
            }));
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
        var total = new Tally();
        foreach (var tally in tallies) total.Add(tally);
        return total;
    }

    [Fact]
    public void Reserve_ManyThreadsOnOneHotSku_NeverOversellsAndReplaysIdentically()
    {
        const int stock = 500;
        using var kit = new LedgerTestKit(o => o.SnapshotEvery = 50_000).Stock(Eu1, A, stock);
        var ledger = kit.Ledger;
        using var refusalSeen = new ManualResetEventSlim();

        var total = Race((t, tally, running) =>
        {
            var random = new Random(t);
            for (var i = 0; running(); i++)
            {
                var hold = HoldId.Of($"t{t}-{i}");
                var units = random.Next(1, 4);
                var result = ledger.Reserve($"r:{hold}", hold, Line(Eu1, A, units), Hour);
                if (!result.IsAccepted)
                {
                    Assert.Equal(LedgerStatus.InsufficientStock, result.Status);
                    tally.Refused++;
                    refusalSeen.Set();
                    continue;
                }
                tally.Accepted++;
                tally.Reserved += units;
                switch (random.Next(4))
                {
                    case 0:
                        Assert.True(ledger.Commit($"c:{hold}", hold, Line(Eu1, A, units)).IsAccepted);
                        tally.Committed += units;
                        break;
                    case 1 or 2:
                        Assert.True(ledger.Release($"x:{hold}", hold).IsAccepted);
                        tally.Released += units;
                        break;
                    // otherwise the hold stays open
                }
            }
        }, check: () =>
        {
            var b = ledger.GetBalance(Eu1, A);
            Assert.True(b.Reserved <= b.OnHand && b.OnHand >= 0, $"oversold: {b}");
            Assert.InRange(ledger.GetSellable(Eu1, A), 0, stock);
        }, seen: () => refusalSeen.IsSet);

        var balance = ledger.GetBalance(Eu1, A);
        var stillHeld = total.Reserved - total.Released - total.Committed;
        Assert.True(total.Accepted > 100 && total.Refused > 0, $"too little contention: {total.Accepted} accepted, {total.Refused} refused");
        Assert.True(stillHeld + total.Committed <= stock, "the sum of successful holds exceeds the stock");
        Assert.Equal(new StockBalance(Eu1, A, (int)(stock - total.Committed), (int)stillHeld, 0), balance);
        using var rebuilt = kit.Rebuild();
        Assert.Equal(ledger.GetBalances(), rebuilt.GetBalances());
    }

    [Fact]
    public void Reserve_ManyThreadsMultiLineAcrossSkus_AllOrNothingAndReplaysIdentically()
    {
        LocationId[] locations = [Eu1, Eu2, Us1];
        Sku[] skus = [A, B, C];
        using var kit = new LedgerTestKit(o => o.SnapshotEvery = 50_000);
        foreach (var l in locations)
            foreach (var s in skus) kit.Stock(l, s, 200);
        var ledger = kit.Ledger;

        Race((t, tally, running) =>
        {
            var random = new Random(100 + t);
            var lines = new LedgerLine[3];
            for (var i = 0; running(); i++)
            {
                var hold = HoldId.Of($"t{t}-{i}");
                var n = random.Next(1, 4);
                var first = random.Next(3);
                for (var k = 0; k < n; k++) lines[k] = Line(locations[(first + k) % 3], skus[random.Next(3)], random.Next(1, 4));
                var result = ledger.Reserve($"r:{hold}", hold, lines.AsSpan(0, n), Hour);
                if (result.Status == LedgerStatus.InvalidRequest) continue; // two lines drew the same SKU at one location
                if (!result.IsAccepted)
                {
                    Assert.Equal(LedgerStatus.InsufficientStock, result.Status);
                    Assert.Null(ledger.GetHold(hold));
                    continue;
                }
                Assert.Equal(n, ledger.GetHold(hold)!.Lines.Count);
                if (random.Next(3) == 0) ledger.Commit($"c:{hold}", hold, lines.AsSpan(0, 1));
                else if (random.Next(2) == 0) ledger.Release($"x:{hold}", hold);
            }
        });

        foreach (var b in ledger.GetBalances())
            Assert.True(b.OnHand >= 0 && b.Reserved <= b.OnHand && b.Sellable >= 0, $"oversold: {b}");
        using var rebuilt = kit.Rebuild();
        Assert.Equal(ledger.GetBalances(), rebuilt.GetBalances());
    }

    [Fact]
    public void Reserve_SameKeyFromManyThreadsAtOnce_HeldOnceOthersReplay()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 100);
        var results = new LedgerResult[Threads];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            results[t] = kit.Ledger.Reserve("web:1001:reserve", Hold("order-1001"), Line(Eu1, A, 7), Hour);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(results, r => Assert.True(r.IsAccepted));
        Assert.Single(results, r => !r.IsReplay);
        Assert.Equal(93, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void Holds_CommitsRacingExpiry_EachResolvesExactlyOnce()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 1_000_000);
        var ledger = kit.Ledger;
        var holds = new HoldId[Threads][];

        Race((t, tally, running) =>
        {
            var mine = new List<HoldId>();
            for (var i = 0; running() && i < 20_000; i++)
            {
                var hold = HoldId.Of($"t{t}-{i}");
                if (!ledger.Reserve($"r:{hold}", hold, Line(Eu1, A, 2), Duration.FromSeconds(1)).IsAccepted) continue;
                mine.Add(hold);
                if (t == 0) kit.Clock.Advance(Duration.FromMilliseconds(1));
                var commit = ledger.Commit($"c:{hold}", hold, Line(Eu1, A, 1));
                Assert.True(commit.IsAccepted || commit.Status == LedgerStatus.Expired, commit.Message);
            }
            holds[t] = [.. mine];
        });
        kit.Clock.Advance(Duration.FromHours(1));
        ledger.ExpireDue();

        var resolutions = new Dictionary<HoldId, int>();
        var units = new Dictionary<HoldId, int>();
        foreach (var e in kit.Store.ReadAfter(0))
        {
            if (e.Kind is LedgerEntryKind.Commit or LedgerEntryKind.Release or LedgerEntryKind.Expiry)
                units[e.Hold] = units.GetValueOrDefault(e.Hold) + e.Quantity;
            if (e.Kind is LedgerEntryKind.Expiry || (e.Kind is LedgerEntryKind.Release && e.IdempotencyKey!.StartsWith("c:", StringComparison.Ordinal)))
                resolutions[e.Hold] = resolutions.GetValueOrDefault(e.Hold) + 1;
        }
        foreach (var hold in holds.SelectMany(h => h))
        {
            Assert.Equal(2, units[hold]);
            Assert.Equal(1, resolutions[hold]);
        }
        Assert.Equal(0, ledger.GetBalance(Eu1, A).Reserved);
    }
}
