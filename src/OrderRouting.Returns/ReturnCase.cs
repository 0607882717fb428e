using OrderRouting.StateMachines;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Orders;
using OrderRouting.Ports;

namespace OrderRouting.Returns;

/// <summary>
/// One return and everything known about it: the aggregate that <see cref="ReturnsService"/> changes through
/// <see cref="Fire"/>, the only place its state changes.
/// </summary>
/// <remarks>Not thread-safe: the service changes a return under its <see cref="Gate"/>.</remarks>
internal sealed class ReturnCase
{
    private readonly List<ReturnEvent> _history = new(12);

    public ReturnCase(ReturnId id, ReturnOpening opening, Instant requestedAt, CaseLine[] lines)
    {
        Id = id;
        Opening = opening;
        RequestedAt = requestedAt;
        Lines = lines;
        foreach (var line in lines) UnitsRequested += line.Requested;
        Refunded = Money.Zero(lines[0].Line.UnitPrice.Currency);
    }

    public ReturnId Id { get; }
    public ReturnOpening Opening { get; }
    public Order Order => Opening.Order;
    public Instant RequestedAt { get; }
    public CaseLine[] Lines { get; }
    public int UnitsRequested { get; }
    public int UnitsReceived { get; private set; }
    public ReturnState State { get; private set; } = ReturnState.Requested;
    public IReadOnlyList<ReturnEvent> History => _history;
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The copy readers get: replaced (never changed) when a command on the return finishes.</summary>
    public ReturnSnapshot Snapshot
    {
        get => Volatile.Read(ref _snapshot)!;
        set => Volatile.Write(ref _snapshot, value);
    }

    private ReturnSnapshot? _snapshot;

    public string Rma { get; set; } = "";
    /// <summary>Until authorised there is no deadline (and the table declares no expiry in <see cref="ReturnState.Requested"/>).</summary>
    public Instant ShipBy { get; set; } = Instant.MaxValue;
    public ReturnRouting? Destination { get; set; }
    public ShippingLabel? Label { get; set; }
    public LocationId? ReceivedAt { get; set; }
    public Money Refunded { get; set; }
    public ReturnResolution? Resolution { get; set; }
    public PendingResolution? Submitted { get; set; }
    public string? ConfirmedReference { get; set; }
    public int ResolutionAttempt { get; set; } = 1;
    public HoldId? AdvanceHold { get; set; }
    public OrderId? ExchangeOrder { get; set; }
    public string LastError { get; set; } = "";
    public List<PendingEffect> Effects { get; } = [];
    /// <summary>Transitions of the command in progress, published when it ends.</summary>
    public List<ReturnEvent> Unpublished { get; } = [];
    public Dictionary<string, ReturnResult> Callbacks { get; } = new(StringComparer.Ordinal);

    public int ResolvableUnits
    {
        get
        {
            var units = 0;
            foreach (var line in Lines) units += line.Resolvable;
            return units;
        }
    }

    public ReturnFacts Facts(Instant now, int receiving = 0) => new()
    {
        Now = now,
        ShipBy = ShipBy,
        UnitsOutstanding = UnitsRequested - UnitsReceived - receiving,
        HasResolvableUnits = ResolvableUnits > 0,
    };

    /// <summary>
    /// Decides <paramref name="trigger"/> by the table and, when it moves, changes the state and records the event.
    /// A refused or ignored trigger changes nothing.
    /// </summary>
    public TransitionDecision<ReturnState> Fire(ReturnTrigger trigger, in ReturnFacts facts, string actor, string cause, out ReturnEvent? transition)
    {
        var decision = ReturnLifecycle.Decide(State, trigger, in facts);
        transition = null;
        if (decision.Kind != TransitionDecisionKind.Move) return decision;
        transition = new ReturnEvent(Id, _history.Count + 1, State, decision.Target, trigger, facts.Now, actor, cause);
        State = decision.Target;
        _history.Add(transition);
        return decision;
    }

    public void CountReceipt(CaseLine line, int units)
    {
        line.Received += units;
        UnitsReceived += units;
    }
}

/// <summary>A returned order line and what became of its units.</summary>
internal sealed class CaseLine(OrderLine line, int requested)
{
    public OrderLine Line { get; } = line;
    public int Requested { get; } = requested;
    public int Received { get; set; }
    public int[] Inspected { get; } = new int[4];
    public int Restocked { get; set; }
    /// <summary>Inspected units that qualify for a refund, credit or exchange.</summary>
    public int Resolvable { get; set; }

    public int Count(InspectionOutcome outcome) => Inspected[(int)outcome];
}

/// <summary>A resolution submitted and not yet confirmed.</summary>
internal sealed record PendingResolution(ReturnResolution Resolution, string Key, Money Amount, string Reference);

/// <summary>A side effect (restock, notification, hold release) not yet delivered: kept and retried, never lost.</summary>
/// <param name="Description">What it does, for operators.</param>
/// <param name="Run">Does it; returns null on success, else why it failed.</param>
internal sealed record PendingEffect(string Description, Func<CancellationToken, ValueTask<string?>> Run);
