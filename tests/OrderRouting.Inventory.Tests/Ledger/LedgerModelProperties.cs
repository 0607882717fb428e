using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Testing;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Storage;
using OrderRouting.Ports;
using OrderRouting.Testing;
using Xunit;

namespace OrderRouting.Inventory.Tests.Ledger;

/// <summary>A generated step; resolved into a concrete command against the model's state when it runs.</summary>
public abstract record Step;

public sealed record Do(ModelCommand Template) : Step;

/// <summary>Commit from a hold: mode 0 all it holds, 1 one unit of its first line, 2 one unit more than its first line.</summary>
public sealed record CommitFromHold(string Hold, int Mode, bool ReleaseRemainder) : Step;

/// <summary>Release from a hold: mode 0 everything, 1 one unit of its first line, 2 one unit more than its first line.</summary>
public sealed record ReleaseFromHold(string Hold, int Mode) : Step;

/// <summary>Send an earlier command again, unchanged (same key, same content).</summary>
public sealed record RepeatEarlier(int Index) : Step;

/// <summary>Send a different command under an earlier command's key.</summary>
public sealed record ReuseKeyOfEarlier(int Index) : Step;

public sealed record TimePasses(int Minutes) : Step;

/// <summary>
/// Model-based properties: random command sequences run against the ledger and against <see cref="LedgerModel"/>,
/// compared after every step; at the end the entry log is replayed (from the snapshot and from scratch).
/// </summary>
public class LedgerModelProperties
{
    private static readonly Duration Retention = Duration.FromMinutes(30);
    private static readonly string[] Skus = ["A", "B", "C"];
    private static readonly string[] HoldIds = ["h0", "h1", "h2", "h3", "h4"];

    private static readonly (string Location, string Sku)[] Cells = [.. from l in new[] { "eu-1", "eu-2" } from s in Skus select (l, s)];

    private static Gen<string> Location => Gen.Frequency((8, Gen.Elements("eu-1", "eu-2")), (1, Gen.Constant("xx-9")));

    private static Gen<int> Units(int max) => Gen.Frequency((12, Gen.Choose(1, max)), (1, Gen.Choose(-1, 0)));

    private static Gen<ModelLine> Line =>
        from location in Location
        from sku in Gen.Elements(Skus)
        from quantity in Units(4)
        select new ModelLine(location, sku, quantity);

    private static Gen<Step> StepGen => Gen.Frequency(
        (5, from l in Location from s in Gen.Elements(Skus) from q in Units(10) select (Step)new Do(new Receive("", l, s, q))),
        (2, from l in Location from s in Gen.Elements(Skus) from d in Gen.Choose(-6, 3) select (Step)new Do(new Adjust("", l, s, d))),
        (1, from l in Location from s in Gen.Elements(Skus) from c in Gen.Choose(-1, 8) select (Step)new Do(new Count("", l, s, c))),
        (1, from l in Location from s in Gen.Elements(Skus) from u in Gen.Choose(-1, 3) select (Step)new Do(new SafetyStock("", l, s, u))),
        (8, from h in Gen.Elements(HoldIds)
            from n in Gen.Choose(1, 3)
            from lines in Line.ArrayOf(n)
            from ttl in Gen.Choose(5, 40)
            from cart in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            select (Step)new Do(new Reserve("", h, lines, ttl, cart))),
        // Four to six distinct cells: more lines than a hold record has room for in itself.
        (2, from h in Gen.Elements(HoldIds)
            from cells in Gen.Shuffle(Cells)
            from n in Gen.Choose(4, 6)
            from units in Units(3).ArrayOf(n)
            from ttl in Gen.Choose(5, 40)
            from cart in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            select (Step)new Do(new Reserve("", h, cells.Take(n).Select((c, i) => new ModelLine(c.Location, c.Sku, units[i])).ToArray(), ttl, cart))),
        (2, from c in Gen.Elements(HoldIds) from o in Gen.Elements(HoldIds) from ttl in Gen.Choose(5, 40)
            select (Step)new Do(new Convert("", c, o, ttl))),
        (5, from h in Gen.Elements(HoldIds) from m in Gen.Choose(0, 2) from r in Gen.Elements(true, false)
            select (Step)new CommitFromHold(h, m, r)),
        (4, from h in Gen.Elements(HoldIds) from m in Gen.Choose(0, 2) select (Step)new ReleaseFromHold(h, m)),
        (4, Gen.Choose(1, 20).Select(m => (Step)new TimePasses(m))),
        (3, Gen.Choose(0, 1000).Select(i => (Step)new RepeatEarlier(i))),
        (1, Gen.Choose(0, 1000).Select(i => (Step)new ReuseKeyOfEarlier(i))));

    private static Arbitrary<Step[]> Steps => Arb.From(StepGen.ArrayOf());

    [PropertyTest]
    public Property Ledger_RandomCommandSequences_AgreesWithModelAfterEveryStepAndReplaysIdentically() =>
        Prop.ForAll(Steps, steps => Run(steps, snapshotEvery: 7));

    [PropertyTest(Divisor = 2)]
    public Property Ledger_RandomCommandSequencesWithoutSnapshots_ReplayFromScratchIsIdentical() =>
        Prop.ForAll(Steps, steps => Run(steps, snapshotEvery: 0));

    private static void Run(Step[] steps, int snapshotEvery)
    {
        var clock = new FakeClock(LedgerTestKit.Start);
        var options = LedgerTestKit.NewOptions(o =>
        {
            o.Locations.Remove(LedgerTestKit.Us1);
            o.IdempotencyRetention = Retention;
            o.SnapshotEvery = snapshotEvery;
        });
        var store = new InMemoryLedgerStore(keepEntriesCoveredBySnapshots: true);
        using var ledger = new StockLedger(options, clock, store);
        var model = new LedgerModel(clock.GetCurrentInstant(), Retention, new HashSet<string> { "eu-1", "eu-2" });
        var log = new List<ModelCommand>();

        for (var i = 0; i < steps.Length; i++)
        {
            var command = Resolve(steps[i], $"k{i}", model, log);
            if (command is Advance advance)
            {
                clock.Advance(Duration.FromMinutes(advance.Minutes));
                model.Advance(advance.Minutes);
                continue;
            }
            log.Add(command);
            var expected = model.Apply(command);
            var actual = Execute(ledger, command);
            Check(expected == actual, log, $"status: model {expected}, ledger {actual}");
            CheckAgrees(ledger, model, log);
            if (command is Reserve r && actual is { Status: LedgerStatus.Accepted, Replay: false })
                foreach (var line in r.Lines)
                {
                    var b = ledger.GetBalance(LocationId.Of(line.Location), Sku.Of(line.Sku));
                    Check(b.OnHand - b.Reserved - b.SafetyStock >= 0, log, $"oversold {b}");
                }
        }

        // Replay: from the store (latest snapshot + later entries), and from every entry with no snapshot.
        using var fromStore = new StockLedger(options, clock, store);
        CheckSame(ledger, fromStore, log, "rebuilt from snapshot and tail");
        var everything = new InMemoryLedgerStore();
        foreach (var entry in store.ReadAfter(0)) everything.Append([entry]);
        using var fromScratch = new StockLedger(options, clock, everything);
        CheckSame(ledger, fromScratch, log, "replayed from scratch");
    }

    private static ModelCommand Resolve(Step step, string key, LedgerModel model, List<ModelCommand> log)
    {
        switch (step)
        {
            case TimePasses t:
                return new Advance(t.Minutes);
            case Do d:
                return d.Template with { Key = key };
            case RepeatEarlier r when log.Count > 0:
                return log[r.Index % log.Count];
            case ReuseKeyOfEarlier r when log.Count > 0:
                return new Receive(log[r.Index % log.Count].Key, "eu-1", "A", 1);
            case CommitFromHold c:
                return new Commit(key, c.Hold, LinesOf(model, c.Hold, c.Mode), c.ReleaseRemainder);
            case ReleaseFromHold r:
                return new Release(key, r.Hold, r.Mode == 0 ? null : LinesOf(model, r.Hold, r.Mode));
            default:
                return new Receive(key, "eu-1", "A", 1);
        }
    }

    private static ModelLine[] LinesOf(LedgerModel model, string hold, int mode)
    {
        var held = model.Holds.TryGetValue(hold, out var h) ? h.Held.Where(x => x.Value > 0).ToList() : [];
        if (held.Count == 0) return [new ModelLine("eu-1", "A", 1)];
        return mode switch
        {
            0 => held.Select(x => new ModelLine(x.Key.Item1, x.Key.Item2, x.Value)).ToArray(),
            1 => [new ModelLine(held[0].Key.Item1, held[0].Key.Item2, 1)],
            _ => [new ModelLine(held[0].Key.Item1, held[0].Key.Item2, held[0].Value + 1)],
        };
    }

    private static (LedgerStatus Status, bool Replay) Execute(StockLedger ledger, ModelCommand command)
    {
        static LocationId L(string l) => LocationId.Of(l);
        static Sku S(string s) => Sku.Of(s);
        static HoldId H(string h) => HoldId.Of(h);
        static LedgerLine[] Lines(ModelLine[] lines) => lines.Select(l => new LedgerLine(L(l.Location), S(l.Sku), l.Quantity)).ToArray();
        static (LedgerStatus, bool) Of(LedgerResult r) => (r.Status, r.IsReplay);

        return command switch
        {
            Receive r => Of(ledger.Receive(r.Key, L(r.Location), S(r.Sku), r.Quantity)),
            Adjust a => ledger.Adjust(a.Key, L(a.Location), S(a.Sku), a.Delta, AdjustmentReason.Damage) is var x ? (x.Status, x.IsReplay) : default,
            Count c => ledger.RecordCount(c.Key, L(c.Location), S(c.Sku), c.Counted) is var y ? (y.Status, y.IsReplay) : default,
            SafetyStock s => Of(ledger.SetSafetyStock(s.Key, L(s.Location), S(s.Sku), s.Units)),
            Reserve { Cart: true } r => Of(ledger.ReserveCart(r.Key, H(r.Hold), Lines(r.Lines), Duration.FromMinutes(r.TtlMinutes))),
            Reserve r => Of(ledger.Reserve(r.Key, H(r.Hold), Lines(r.Lines), Duration.FromMinutes(r.TtlMinutes))),
            Convert c => Of(ledger.ConvertCartHold(c.Key, H(c.Cart), H(c.Order), Duration.FromMinutes(c.TtlMinutes))),
            Commit c => Of(ledger.Commit(c.Key, H(c.Hold), Lines(c.Lines), c.ReleaseRemainder)),
            Release { Lines: null } r => Of(ledger.Release(r.Key, H(r.Hold))),
            Release r => Of(ledger.Release(r.Key, H(r.Hold), Lines(r.Lines!))),
            _ => throw new InvalidOperationException(command.ToString()),
        };
    }

    private static void CheckAgrees(StockLedger ledger, LedgerModel model, List<ModelCommand> log)
    {
        var balances = ledger.GetBalances();
        Check(balances.Count == model.Cells.Count, log, $"{balances.Count} cells in the ledger, {model.Cells.Count} in the model");
        foreach (var b in balances)
        {
            var m = model.Cells[(b.Location.Value, b.Sku.Value)];
            Check((b.OnHand, b.Reserved, b.SafetyStock) == (m.OnHand, m.Reserved, m.Safety), log,
                $"balance of {b.Location}/{b.Sku}: ledger {b}, model on hand {m.OnHand} reserved {m.Reserved} safety {m.Safety}");
            Check(b.Sellable == LedgerModel.Sellable(m) && ledger.GetSellable(b.Location, b.Sku) == b.Sellable, log, $"sellable of {b}");
            Check(b.OnHand >= 0 && b.Reserved >= 0, log, $"negative balance {b}");
        }
        Check(ledger.LastSequence == model.Entries, log, $"ledger wrote {ledger.LastSequence} entries, model expects {model.Entries}");

        var heldPerCell = new Dictionary<(string, string), int>();
        foreach (var id in HoldIds)
        {
            var info = ledger.GetHold(HoldId.Of(id));
            model.Holds.TryGetValue(id, out var m);
            Check((info is null) == (m is null), log, $"hold {id}: ledger {info?.State.ToString() ?? "none"}, model {m?.State.ToString() ?? "none"}");
            if (info is null || m is null) continue;
            Check(info.State == m.State && info.Kind == (m.Cart ? HoldKind.Cart : HoldKind.Order), log, $"hold {id}: ledger {info.State}/{info.Kind}, model {m.State}");
            var lines = info.Lines.Select(l => ((l.Location.Value, l.Sku.Value), l.Quantity)).OrderBy(x => x.Item1).ToList();
            var expected = m.Held.Where(x => x.Value > 0).Select(x => (x.Key, x.Value)).OrderBy(x => x.Key).ToList();
            Check(lines.SequenceEqual(expected), log, $"hold {id} lines: ledger [{string.Join(", ", lines)}], model [{string.Join(", ", expected)}]");
            foreach (var l in info.Lines)
                heldPerCell[(l.Location.Value, l.Sku.Value)] = heldPerCell.GetValueOrDefault((l.Location.Value, l.Sku.Value)) + l.Quantity;
        }
        foreach (var b in balances)
            Check(b.Reserved == heldPerCell.GetValueOrDefault((b.Location.Value, b.Sku.Value)), log, $"reserved of {b} is not the sum of its holds");
    }

    private static void CheckSame(StockLedger live, StockLedger rebuilt, List<ModelCommand> log, string how)
    {
        Check(live.GetBalances().SequenceEqual(rebuilt.GetBalances()), log, $"balances differ when {how}");
        Check(live.LastSequence == rebuilt.LastSequence, log, $"sequence differs when {how}");
        foreach (var id in HoldIds)
        {
            var a = live.GetHold(HoldId.Of(id));
            var b = rebuilt.GetHold(HoldId.Of(id));
            if (a?.State == HoldState.Open || b?.State == HoldState.Open)
                Check(a is not null && b is not null && a.State == b.State && a.ExpiresAt == b.ExpiresAt && a.Kind == b.Kind && a.Lines.SequenceEqual(b.Lines),
                    log, $"open hold {id} differs when {how}");
        }
    }

    private static void Check(bool condition, List<ModelCommand> log, string what)
    {
        if (!condition)
            Assert.Fail($"{what}{Environment.NewLine}after:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", log)}");
    }
}
