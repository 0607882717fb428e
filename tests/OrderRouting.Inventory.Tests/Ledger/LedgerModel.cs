using NodaTime;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Ports;

namespace OrderRouting.Inventory.Tests.Ledger;

/// <summary>A line of a model command: location, SKU and quantity as plain text and numbers.</summary>
public readonly record struct ModelLine(string Location, string Sku, int Quantity)
{
    public override string ToString() => $"{Location}/{Sku}x{Quantity}";
}

/// <summary>A command of the model-based test. <see cref="Content"/> is everything but the key.</summary>
public abstract record ModelCommand(string Key)
{
    public abstract string Content { get; }

    public override string ToString() => $"{Key}: {Content}";
}

public sealed record Receive(string Key, string Location, string Sku, int Quantity) : ModelCommand(Key)
{
    public override string Content => $"receive {Location}/{Sku}x{Quantity}";
}

public sealed record Adjust(string Key, string Location, string Sku, int Delta) : ModelCommand(Key)
{
    public override string Content => $"adjust {Location}/{Sku} by {Delta}";
}

public sealed record Count(string Key, string Location, string Sku, int Counted) : ModelCommand(Key)
{
    public override string Content => $"count {Location}/{Sku} = {Counted}";
}

public sealed record SafetyStock(string Key, string Location, string Sku, int Units) : ModelCommand(Key)
{
    public override string Content => $"safety {Location}/{Sku} = {Units}";
}

public sealed record Reserve(string Key, string Hold, ModelLine[] Lines, int TtlMinutes, bool Cart) : ModelCommand(Key)
{
    public override string Content => $"{(Cart ? "cart" : "reserve")} {Hold} [{string.Join(", ", Lines)}] ttl {TtlMinutes}";
}

public sealed record Convert(string Key, string Cart, string Order, int TtlMinutes) : ModelCommand(Key)
{
    public override string Content => $"convert {Cart} -> {Order} ttl {TtlMinutes}";
}

public sealed record Commit(string Key, string Hold, ModelLine[] Lines, bool ReleaseRemainder) : ModelCommand(Key)
{
    public override string Content => $"commit {Hold} [{string.Join(", ", Lines)}] rest {(ReleaseRemainder ? "released" : "kept")}";
}

public sealed record Release(string Key, string Hold, ModelLine[]? Lines) : ModelCommand(Key)
{
    public override string Content => Lines is null ? $"release all of {Hold}" : $"release {Hold} [{string.Join(", ", Lines)}]";
}

/// <summary>Time passes (not a ledger command).</summary>
public sealed record Advance(int Minutes) : ModelCommand("")
{
    public override string Content => $"advance {Minutes} min";
}

/// <summary>
/// A tiny, obviously-correct model of the ledger: plain dictionaries, no entries, no pooling, no locks. It predicts
/// each command's status and the balances, holds and entry count afterwards.
/// </summary>
public sealed class LedgerModel(Instant start, Duration retention, IReadOnlySet<string> locations)
{
    public sealed class Cell
    {
        public int OnHand, Reserved, Safety;
    }

    public sealed class Hold
    {
        public required bool Cart;
        public HoldState State = HoldState.Open;
        public required Instant ExpiresAt;
        public Instant ResolvedAt;
        public int Committed;
        public readonly Dictionary<(string, string), int> Held = [];
        public int Remaining => Held.Values.Sum();
    }

    public Instant Now { get; private set; } = start;
    public Dictionary<(string Location, string Sku), Cell> Cells { get; } = [];
    public Dictionary<string, Hold> Holds { get; } = [];
    public Dictionary<string, (string Content, Instant At)> Keys { get; } = [];
    public long Entries { get; private set; }

    public void Advance(int minutes) => Now += Duration.FromMinutes(minutes);

    /// <summary>Applies a command; returns the predicted status and whether it is a replay.</summary>
    public (LedgerStatus Status, bool Replay) Apply(ModelCommand command)
    {
        if (InputProblem(command)) return (LedgerStatus.InvalidRequest, false);

        // What the ledger does first under its lock: forget, then expire what is due.
        foreach (var key in Keys.Where(k => k.Value.At + retention <= Now).Select(k => k.Key).ToList()) Keys.Remove(key);
        foreach (var id in Holds.Where(h => h.Value.State != HoldState.Open && h.Value.ResolvedAt + retention <= Now).Select(h => h.Key).ToList())
            Holds.Remove(id);
        foreach (var hold in Holds.Values.Where(h => h.State == HoldState.Open && h.ExpiresAt <= Now))
        {
            Entries += hold.Held.Count(l => l.Value > 0);
            foreach (var (cell, units) in hold.Held) Cells[cell].Reserved -= units;
            hold.Held.Clear();
            Resolve(hold, HoldState.Expired);
        }

        if (Keys.TryGetValue(command.Key, out var seen))
            return seen.Content == command.Content ? (LedgerStatus.Accepted, true) : (LedgerStatus.IdempotencyConflict, false);

        var status = Execute(command);
        if (status == LedgerStatus.Accepted) Keys[command.Key] = (command.Content, Now);
        return (status, false);
    }

    private static bool InputProblem(ModelCommand command) => command switch
    {
        Adjust a => a.Delta == 0,
        Count c => c.Counted < 0,
        SafetyStock s => s.Units < 0,
        Reserve r => BadLines(r.Lines) || r.TtlMinutes <= 0,
        Commit c => BadLines(c.Lines),
        Release { Lines: { } lines } => BadLines(lines),
        Receive r => r.Quantity <= 0,
        Convert c => c.Cart == c.Order,
        _ => false,
    };

    private static bool BadLines(ModelLine[] lines) =>
        lines.Length == 0 || lines.Any(l => l.Quantity <= 0) || lines.Select(l => (l.Location, l.Sku)).Distinct().Count() != lines.Length;

    private LedgerStatus Execute(ModelCommand command)
    {
        switch (command)
        {
            case Receive r:
                if (!locations.Contains(r.Location)) return LedgerStatus.UnknownLocation;
                CellAt(r.Location, r.Sku).OnHand += r.Quantity;
                Entries++;
                return LedgerStatus.Accepted;
            case SafetyStock s:
                if (!locations.Contains(s.Location)) return LedgerStatus.UnknownLocation;
                CellAt(s.Location, s.Sku).Safety = s.Units;
                Entries++;
                return LedgerStatus.Accepted;
            case Adjust a:
                if (!locations.Contains(a.Location)) return LedgerStatus.UnknownLocation;
                if (!Cells.TryGetValue((a.Location, a.Sku), out var adjusted)) return LedgerStatus.UnknownSku;
                if (adjusted.OnHand + a.Delta < 0) return LedgerStatus.InvalidRequest;
                adjusted.OnHand += a.Delta;
                Entries++;
                return LedgerStatus.Accepted;
            case Count c:
                if (!locations.Contains(c.Location)) return LedgerStatus.UnknownLocation;
                CellAt(c.Location, c.Sku).OnHand = c.Counted;
                Entries++;
                return LedgerStatus.Accepted;
            case Reserve r:
            {
                if (Holds.ContainsKey(r.Hold)) return LedgerStatus.DuplicateHold;
                if (UnknownCell(r.Lines) is { } unknown) return unknown;
                if (r.Lines.Any(l => Sellable(Cells[(l.Location, l.Sku)]) < l.Quantity)) return LedgerStatus.InsufficientStock;
                var hold = new Hold { Cart = r.Cart, ExpiresAt = Now + Duration.FromMinutes(r.TtlMinutes) };
                foreach (var l in r.Lines)
                {
                    hold.Held[(l.Location, l.Sku)] = l.Quantity;
                    Cells[(l.Location, l.Sku)].Reserved += l.Quantity;
                }
                Holds[r.Hold] = hold;
                Entries += r.Lines.Length;
                return LedgerStatus.Accepted;
            }
            case Convert c:
            {
                if (OpenHold(c.Cart, out var cart) is { } refused) return refused;
                if (!cart.Cart) return LedgerStatus.InvalidRequest;
                if (Holds.ContainsKey(c.Order)) return LedgerStatus.DuplicateHold;
                var order = new Hold { Cart = false, ExpiresAt = Now + Duration.FromMinutes(c.TtlMinutes) };
                foreach (var (cell, units) in cart.Held.Where(h => h.Value > 0)) order.Held[cell] = units;
                cart.Held.Clear();
                Resolve(cart, HoldState.Converted);
                Holds[c.Order] = order;
                Entries++;
                return LedgerStatus.Accepted;
            }
            case Commit c:
            {
                if (OpenHold(c.Hold, out var hold) is { } refused) return refused;
                if (UnknownCell(c.Lines) is { } unknown) return unknown;
                if (c.Lines.Any(l => l.Quantity > hold.Held.GetValueOrDefault((l.Location, l.Sku)))) return LedgerStatus.ExceedsHold;
                if (c.Lines.Any(l => Cells[(l.Location, l.Sku)].OnHand < l.Quantity)) return LedgerStatus.InsufficientStock;
                foreach (var l in c.Lines)
                {
                    var cell = Cells[(l.Location, l.Sku)];
                    cell.OnHand -= l.Quantity;
                    cell.Reserved -= l.Quantity;
                    hold.Held[(l.Location, l.Sku)] -= l.Quantity;
                    hold.Committed += l.Quantity;
                }
                Entries += c.Lines.Length;
                if (c.ReleaseRemainder) ReleaseAll(hold);
                if (hold.Remaining == 0) Resolve(hold, HoldState.Committed);
                return LedgerStatus.Accepted;
            }
            case Release r:
            {
                if (OpenHold(r.Hold, out var hold) is { } refused) return refused;
                if (r.Lines is null) ReleaseAll(hold);
                else
                {
                    if (UnknownCell(r.Lines) is { } unknown) return unknown;
                    if (r.Lines.Any(l => l.Quantity > hold.Held.GetValueOrDefault((l.Location, l.Sku)))) return LedgerStatus.ExceedsHold;
                    foreach (var l in r.Lines)
                    {
                        Cells[(l.Location, l.Sku)].Reserved -= l.Quantity;
                        hold.Held[(l.Location, l.Sku)] -= l.Quantity;
                    }
                    Entries += r.Lines.Length;
                }
                if (hold.Remaining == 0) Resolve(hold, hold.Committed > 0 ? HoldState.Committed : HoldState.Released);
                return LedgerStatus.Accepted;
            }
            default:
                throw new InvalidOperationException($"Unexpected command {command}");
        }
    }

    private void ReleaseAll(Hold hold)
    {
        foreach (var (cell, units) in hold.Held.Where(h => h.Value > 0).ToList())
        {
            Cells[cell].Reserved -= units;
            hold.Held[cell] = 0;
            Entries++;
        }
    }

    private LedgerStatus? OpenHold(string id, out Hold hold)
    {
        if (!Holds.TryGetValue(id, out hold!)) return LedgerStatus.UnknownHold;
        return hold.State switch
        {
            HoldState.Open => null,
            HoldState.Expired => LedgerStatus.Expired,
            _ => LedgerStatus.AlreadyResolved,
        };
    }

    private LedgerStatus? UnknownCell(ModelLine[] lines)
    {
        foreach (var l in lines)
            if (!Cells.ContainsKey((l.Location, l.Sku)))
                return locations.Contains(l.Location) ? LedgerStatus.UnknownSku : LedgerStatus.UnknownLocation;
        return null;
    }

    private void Resolve(Hold hold, HoldState state)
    {
        if (hold.State != HoldState.Open) throw new InvalidOperationException("The model resolved a hold twice.");
        hold.State = state;
        hold.ResolvedAt = Now;
    }

    private Cell CellAt(string location, string sku)
    {
        if (!Cells.TryGetValue((location, sku), out var cell)) Cells[(location, sku)] = cell = new Cell();
        return cell;
    }

    public static int Sellable(Cell cell) => Math.Max(0, cell.OnHand - cell.Reserved - cell.Safety);
}
