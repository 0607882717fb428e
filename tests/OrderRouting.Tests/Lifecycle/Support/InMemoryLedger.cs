using System.Reactive.Subjects;
using NodaTime;
using OrderRouting.Ports;

namespace OrderRouting.Tests.Lifecycle.Support;

/// <summary>
/// A small, obviously-correct in-memory <see cref="IStockReservations"/> for lifecycle tests and the lifecycle
/// benchmark, until the Inventory ledger is merged: on hand, held, holds with expiry, idempotency keys, arrivals.
/// It counts receipts, shipments and restocks so that tests can check on hand = receipts − shipments + restocks.
/// </summary>
public sealed class InMemoryLedger : IStockReservations, IDisposable
{
    private readonly Lock _gate = new();
    private readonly IClock _clock;
    private readonly Dictionary<(LocationId, Sku), Counts> _stock = new();
    private readonly Dictionary<HoldId, Hold> _holds = new();
    private readonly Dictionary<string, (string Command, LedgerOutcome Outcome)> _seen = new(StringComparer.Ordinal);
    private readonly Subject<StockArrived> _arrivals = new();

    public InMemoryLedger(IClock clock) => _clock = clock;

    public IObservable<StockArrived> Arrivals => _arrivals;

    public int Commands { get; private set; }

    public void Receive(LocationId location, Sku sku, int units)
    {
        lock (_gate) Stock(location, sku).Apply(onHand: units, received: units);
        _arrivals.OnNext(new StockArrived(new StockLine(location, sku, units), _clock.GetCurrentInstant()));
    }

    public int GetSellable(LocationId location, Sku sku)
    {
        lock (_gate) return _stock.TryGetValue((location, sku), out var c) ? Math.Max(0, c.OnHand - c.Held) : 0;
    }

    public (int OnHand, int Held, int Received, int Shipped, int Restocked) Balance(LocationId location, Sku sku)
    {
        lock (_gate)
        {
            var c = Stock(location, sku);
            return (c.OnHand, c.Held, c.Received, c.Shipped, c.Restocked);
        }
    }

    public IReadOnlyList<(LocationId Location, Sku Sku)> Keys()
    {
        lock (_gate) return _stock.Keys.ToArray();
    }

    public int HeldBy(HoldId hold)
    {
        lock (_gate) return _holds.TryGetValue(hold, out var h) && !h.Resolved ? h.Lines.Values.Sum() : 0;
    }

    public LedgerOutcome Reserve(ReserveCommand command) => Run(command.IdempotencyKey, Describe(command), command.Hold, () =>
    {
        if (_holds.ContainsKey(command.Hold)) return Fail(LedgerStatus.InvalidRequest, command.Hold, "hold exists");
        if (command.Lines.Count == 0 || command.Lines.Any(l => l.Quantity <= 0) || command.Lines.Select(l => (l.Location, l.Sku)).Distinct().Count() != command.Lines.Count)
            return Fail(LedgerStatus.InvalidRequest, command.Hold, "bad lines");
        var shortages = command.Lines.Where(l => SellableUnlocked(l.Location, l.Sku) < l.Quantity)
            .Select(l => l with { Quantity = l.Quantity - SellableUnlocked(l.Location, l.Sku) }).ToArray();
        if (shortages.Length > 0) return new LedgerOutcome(LedgerStatus.InsufficientStock, command.Hold, shortages, "insufficient stock");
        var hold = new Hold(_clock.GetCurrentInstant() + command.TimeToLive);
        foreach (var l in command.Lines)
        {
            hold.Lines[(l.Location, l.Sku)] = l.Quantity;
            Stock(l.Location, l.Sku).Apply(held: l.Quantity);
        }
        _holds[command.Hold] = hold;
        return Ok(command.Hold);
    });

    public LedgerOutcome Commit(CommitCommand command) => Run(command.IdempotencyKey, Describe(command), command.Hold, () =>
    {
        if (Check(command.Hold) is { } refused) return refused;
        var hold = _holds[command.Hold];
        foreach (var l in command.Lines)
            if (hold.Lines.GetValueOrDefault((l.Location, l.Sku)) < l.Quantity) return Fail(LedgerStatus.ExceedsHold, command.Hold, "exceeds hold");
        foreach (var l in command.Lines)
        {
            hold.Lines[(l.Location, l.Sku)] -= l.Quantity;
            Stock(l.Location, l.Sku).Apply(onHand: -l.Quantity, held: -l.Quantity, shipped: l.Quantity);
        }
        if (command.ReleaseRemainder) ReleaseAll(hold);
        hold.Resolved = hold.Lines.Values.All(v => v == 0);
        return Ok(command.Hold);
    });

    public LedgerOutcome Release(ReleaseCommand command) => Run(command.IdempotencyKey, Describe(command), command.Hold, () =>
    {
        if (Check(command.Hold) is { } refused) return refused;
        var hold = _holds[command.Hold];
        if (command.Lines is null) ReleaseAll(hold);
        else
        {
            foreach (var l in command.Lines)
                if (hold.Lines.GetValueOrDefault((l.Location, l.Sku)) < l.Quantity) return Fail(LedgerStatus.ExceedsHold, command.Hold, "exceeds hold");
            foreach (var l in command.Lines)
            {
                hold.Lines[(l.Location, l.Sku)] -= l.Quantity;
                Stock(l.Location, l.Sku).Apply(held: -l.Quantity);
            }
        }
        hold.Resolved = hold.Lines.Values.All(v => v == 0);
        return Ok(command.Hold);
    });

    public LedgerOutcome Restock(RestockCommand command)
    {
        var outcome = Run(command.IdempotencyKey, $"restock|{command.Line}", default, () =>
        {
            Stock(command.Line.Location, command.Line.Sku).Apply(onHand: command.Line.Quantity, restocked: command.Line.Quantity);
            return Ok(default);
        });
        if (outcome.IsAccepted && !outcome.IsReplay) _arrivals.OnNext(new StockArrived(command.Line, _clock.GetCurrentInstant()));
        return outcome;
    }

    public void Dispose()
    {
        _arrivals.OnCompleted();
        _arrivals.Dispose();
    }

    private LedgerOutcome Run(string key, string description, HoldId hold, Func<LedgerOutcome> apply)
    {
        lock (_gate)
        {
            Commands++;
            if (string.IsNullOrEmpty(key)) return Fail(LedgerStatus.InvalidRequest, hold, "empty key");
            if (_seen.TryGetValue(key, out var seen))
                return seen.Command == description ? seen.Outcome with { IsReplay = true } : Fail(LedgerStatus.IdempotencyConflict, hold, "key reused");
            ExpireDue();
            var outcome = apply();
            _seen[key] = (description, outcome);
            return outcome;
        }
    }

    private void ExpireDue()
    {
        var now = _clock.GetCurrentInstant();
        foreach (var hold in _holds.Values)
        {
            if (hold.Resolved || hold.Expired || now < hold.ExpiresAt) continue;
            ReleaseAll(hold);
            hold.Expired = true;
        }
    }

    private LedgerOutcome? Check(HoldId id)
    {
        if (!_holds.TryGetValue(id, out var hold)) return Fail(LedgerStatus.UnknownHold, id, "unknown hold");
        if (hold.Expired) return Fail(LedgerStatus.Expired, id, "expired");
        if (hold.Resolved) return Fail(LedgerStatus.AlreadyResolved, id, "resolved");
        return null;
    }

    private void ReleaseAll(Hold hold)
    {
        foreach (var ((location, sku), units) in hold.Lines.ToArray())
        {
            Stock(location, sku).Apply(held: -units);
            hold.Lines[(location, sku)] = 0;
        }
    }

    private int SellableUnlocked(LocationId location, Sku sku) => _stock.TryGetValue((location, sku), out var c) ? c.OnHand - c.Held : 0;

    private Counts Stock(LocationId location, Sku sku)
    {
        if (!_stock.TryGetValue((location, sku), out var c)) _stock[(location, sku)] = c = new Counts();
        return c;
    }

    private static string Describe(ReserveCommand c) => $"reserve|{c.Hold}|{string.Join(",", c.Lines)}|{c.TimeToLive}";
    private static string Describe(CommitCommand c) => $"commit|{c.Hold}|{string.Join(",", c.Lines)}|{c.ReleaseRemainder}";
    private static string Describe(ReleaseCommand c) => $"release|{c.Hold}|{(c.Lines is null ? "all" : string.Join(",", c.Lines))}";
    private static LedgerOutcome Ok(HoldId hold) => new(LedgerStatus.Accepted, hold, [], "");
    private static LedgerOutcome Fail(LedgerStatus status, HoldId hold, string message) => new(status, hold, [], message);

    private sealed class Counts
    {
        public int OnHand, Held, Received, Shipped, Restocked;

        public void Apply(int onHand = 0, int held = 0, int received = 0, int shipped = 0, int restocked = 0)
        {
            OnHand += onHand;
            Held += held;
            Received += received;
            Shipped += shipped;
            Restocked += restocked;
            if (OnHand < 0 || Held < 0 || Held > OnHand) throw new InvalidOperationException($"ledger corrupted: on hand {OnHand}, held {Held}");
        }
    }

    private sealed class Hold(Instant expiresAt)
    {
        public Instant ExpiresAt { get; } = expiresAt;
        public Dictionary<(LocationId, Sku), int> Lines { get; } = new();
        public bool Resolved { get; set; }
        public bool Expired { get; set; }
    }
}
