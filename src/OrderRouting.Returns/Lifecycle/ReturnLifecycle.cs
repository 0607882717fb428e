using System.Text;

namespace OrderRouting.Returns;

/// <summary>
/// The lifecycle of a return, declared once as a transition table: for each state, the triggers it accepts, where
/// each leads and under which guard. A trigger a state does not declare is refused, naming the state and the trigger,
/// and the return stays where it was. <see cref="ToMermaid"/> prints the table as a diagram.
/// </summary>
/// <remarks>Immutable and thread-safe. <see cref="Decide"/> does not allocate unless it refuses.</remarks>
public static class ReturnLifecycle
{
    private const string AllUnitsIn = "every requested unit has arrived";
    private const string UnitsOutstanding = "some requested units are still outstanding";
    private const string ShipByPassed = "the ship-by deadline has passed";
    private const string Resolvable = "some inspected unit qualifies for a refund, credit or exchange";
    private const string NothingResolvable = "no inspected unit qualifies for a refund, credit or exchange";

    private static readonly int TriggerCount = Enum.GetValues<ReturnTrigger>().Length;
    private static readonly int StateCount = Enum.GetValues<ReturnState>().Length;

    private static readonly ReturnTransitionRule[] AllRules = Declare();
    private static readonly ReturnTransitionRule[][] ByStateAndTrigger = IndexByStateAndTrigger(AllRules);

    /// <summary>The table, in declaration order.</summary>
    public static IReadOnlyList<ReturnTransitionRule> Rules { get; } = Array.AsReadOnly(AllRules);

    private static ReturnTransitionRule[] Declare()
    {
        var table = new Table();

        table.In(ReturnState.Requested)
            .Permit(ReturnTrigger.Authorise, ReturnState.Authorised)
            .Permit(ReturnTrigger.Reject, ReturnState.Rejected)
            .Permit(ReturnTrigger.Cancel, ReturnState.Cancelled);

        // Before shipping: a label (again), a first scan or a receipt (a store drop-off, a scan that never came),
        // cancellation by the customer, expiry after the ship-by deadline.
        foreach (var notShipped in (ReadOnlySpan<ReturnState>)[ReturnState.Authorised, ReturnState.LabelFailed, ReturnState.LabelIssued])
        {
            var state = table.In(notShipped);
            if (notShipped != ReturnState.LabelIssued)
            {
                state.Permit(ReturnTrigger.IssueLabel, ReturnState.LabelIssued)
                     .Permit(ReturnTrigger.FailLabel, ReturnState.LabelFailed);
            }
            state.Permit(ReturnTrigger.ScanInTransit, ReturnState.InTransit)
                 .PermitIf(ReturnTrigger.Receive, ReturnState.Received, AllUnitsIn, static (in ReturnFacts f) => f.UnitsOutstanding == 0)
                 .PermitIf(ReturnTrigger.Receive, ReturnState.PartiallyReceived, UnitsOutstanding, static (in ReturnFacts f) => f.UnitsOutstanding > 0)
                 .Permit(ReturnTrigger.Cancel, ReturnState.Cancelled)
                 .PermitIf(ReturnTrigger.Expire, ReturnState.Expired, ShipByPassed, static (in ReturnFacts f) => f.Now >= f.ShipBy);
        }

        table.In(ReturnState.InTransit)
            .Ignore(ReturnTrigger.ScanInTransit, "a further scan of a parcel already in transit")
            .PermitIf(ReturnTrigger.Receive, ReturnState.Received, AllUnitsIn, static (in ReturnFacts f) => f.UnitsOutstanding == 0)
            .PermitIf(ReturnTrigger.Receive, ReturnState.PartiallyReceived, UnitsOutstanding, static (in ReturnFacts f) => f.UnitsOutstanding > 0);

        table.In(ReturnState.PartiallyReceived)
            .Ignore(ReturnTrigger.ScanInTransit, "a scan arriving after the first receipt")
            .PermitIf(ReturnTrigger.Receive, ReturnState.Received, AllUnitsIn, static (in ReturnFacts f) => f.UnitsOutstanding == 0)
            .PermitIf(ReturnTrigger.Receive, ReturnState.PartiallyReceived, UnitsOutstanding, static (in ReturnFacts f) => f.UnitsOutstanding > 0)
            .Permit(ReturnTrigger.Inspect, ReturnState.Inspected); // units never received count as missing

        table.In(ReturnState.Received)
            .Ignore(ReturnTrigger.ScanInTransit, "a scan arriving after the receipt")
            .Permit(ReturnTrigger.Inspect, ReturnState.Inspected);

        table.In(ReturnState.Inspected)
            .PermitIf(ReturnTrigger.SubmitResolution, ReturnState.ResolutionPending, Resolvable, static (in ReturnFacts f) => f.HasResolvableUnits)
            .PermitIf(ReturnTrigger.Close, ReturnState.Closed, NothingResolvable, static (in ReturnFacts f) => !f.HasResolvableUnits);

        table.In(ReturnState.ResolutionPending)
            .Permit(ReturnTrigger.CompleteResolution, ReturnState.Resolved)
            .Permit(ReturnTrigger.FailResolution, ReturnState.ResolutionFailed);

        table.In(ReturnState.ResolutionFailed)
            .PermitIf(ReturnTrigger.SubmitResolution, ReturnState.ResolutionPending, Resolvable, static (in ReturnFacts f) => f.HasResolvableUnits);

        table.In(ReturnState.Resolved)
            .Permit(ReturnTrigger.Close, ReturnState.Closed);

        return [.. table.Rules];
    }

    private static ReturnTransitionRule[][] IndexByStateAndTrigger(ReturnTransitionRule[] rules)
    {
        var index = new ReturnTransitionRule[StateCount * TriggerCount][];
        for (var i = 0; i < index.Length; i++) index[i] = [];
        foreach (var group in rules.GroupBy(r => Index(r.From, r.Trigger)))
            index[group.Key] = group.ToArray();
        return index;
    }

    /// <summary>True for the states no trigger leaves: closed, rejected, cancelled, expired.</summary>
    public static bool IsTerminal(ReturnState state) =>
        state is ReturnState.Closed or ReturnState.Rejected or ReturnState.Cancelled or ReturnState.Expired;

    /// <summary>True when the table declares <paramref name="trigger"/> in <paramref name="state"/> (under some guard, or ignored).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public static bool IsDeclared(ReturnState state, ReturnTrigger trigger) => RulesArray(state, trigger).Length > 0;

    /// <summary>The rules declared for <paramref name="trigger"/> in <paramref name="state"/>, in declaration order (empty when refused).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public static IReadOnlyList<ReturnTransitionRule> RulesFor(ReturnState state, ReturnTrigger trigger) => RulesArray(state, trigger);

    /// <summary>
    /// Decides what <paramref name="trigger"/> does in <paramref name="state"/> given <paramref name="facts"/>: the first
    /// declared rule whose guard holds wins. Refused when no rule is declared or no guard holds; the message names the
    /// state, the trigger and the guards that failed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public static ReturnDecision Decide(ReturnState state, ReturnTrigger trigger, in ReturnFacts facts)
    {
        var rules = RulesArray(state, trigger);
        foreach (var rule in rules)
        {
            if (rule.Guard is null || rule.Guard(in facts))
                return rule.IsIgnored ? ReturnDecision.Ignore(state) : ReturnDecision.Move(rule.To);
        }
        return ReturnDecision.Refuse(state, rules.Length == 0
            ? $"Trigger {trigger} is not allowed in state {state}."
            : $"Trigger {trigger} is not allowed in state {state} now: " +
              string.Join(" / ", rules.Select(r => "needs " + r.GuardDescription)) + ".");
    }

    /// <summary>
    /// The table as a Mermaid <c>stateDiagram-v2</c>: one arrow per rule, labelled with the trigger and, in brackets,
    /// its guard; ignored triggers are not drawn. Terminal states lead to <c>[*]</c>.
    /// </summary>
    public static string ToMermaid()
    {
        var text = new StringBuilder("stateDiagram-v2\n");
        text.Append("    [*] --> ").Append(nameof(ReturnState.Requested)).Append('\n');
        foreach (var rule in Rules.Where(r => !r.IsIgnored))
        {
            text.Append("    ").Append(rule.From).Append(" --> ").Append(rule.To).Append(" : ").Append(rule.Trigger);
            if (rule.GuardDescription.Length > 0) text.Append(" [").Append(rule.GuardDescription).Append(']');
            text.Append('\n');
        }
        foreach (var state in Enum.GetValues<ReturnState>().Where(IsTerminal))
            text.Append("    ").Append(state).Append(" --> [*]\n");
        return text.ToString();
    }

    private static ReturnTransitionRule[] RulesArray(ReturnState state, ReturnTrigger trigger)
    {
        if ((uint)state >= (uint)StateCount) throw new ArgumentOutOfRangeException(nameof(state), state, "is not a ReturnState");
        if ((uint)trigger >= (uint)TriggerCount) throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "is not a ReturnTrigger");
        return ByStateAndTrigger[Index(state, trigger)];
    }

    private static int Index(ReturnState state, ReturnTrigger trigger) => (int)state * TriggerCount + (int)trigger;

    /// <summary>Collects the declarations; used once, by <see cref="Declare"/>.</summary>
    private sealed class Table
    {
        public List<ReturnTransitionRule> Rules { get; } = [];

        public StateRules In(ReturnState state) => new(this, state);

        public readonly struct StateRules(Table table, ReturnState from)
        {
            public StateRules Permit(ReturnTrigger trigger, ReturnState to) =>
                Add(new ReturnTransitionRule(from, trigger, to, "", null, false));

            public StateRules PermitIf(ReturnTrigger trigger, ReturnState to, string guardDescription, ReturnGuard guard) =>
                Add(new ReturnTransitionRule(from, trigger, to, guardDescription, guard, false));

            public StateRules Ignore(ReturnTrigger trigger, string why) =>
                Add(new ReturnTransitionRule(from, trigger, from, why, null, true));

            private StateRules Add(ReturnTransitionRule rule)
            {
                table.Rules.Add(rule);
                return this;
            }
        }
    }
}

/// <summary>A guard of the return lifecycle: true when the transition may happen given the facts.</summary>
internal delegate bool ReturnGuard(in ReturnFacts facts);

/// <summary>One declared rule of <see cref="ReturnLifecycle"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ReturnTransitionRule
{
    internal ReturnTransitionRule(ReturnState from, ReturnTrigger trigger, ReturnState to, string guardDescription, ReturnGuard? guard, bool isIgnored)
    {
        From = from;
        Trigger = trigger;
        To = to;
        GuardDescription = guardDescription;
        Guard = guard;
        IsIgnored = isIgnored;
    }

    /// <summary>The state the rule applies in.</summary>
    public ReturnState From { get; }

    /// <summary>The trigger.</summary>
    public ReturnTrigger Trigger { get; }

    /// <summary>Where the trigger leads (equal to <see cref="From"/> when ignored).</summary>
    public ReturnState To { get; }

    /// <summary>The guard in words, or for an ignored trigger why it is ignored; empty when the rule has no condition.</summary>
    public string GuardDescription { get; }

    /// <summary>True when the trigger is accepted and changes nothing (an out-of-order or repeated callback).</summary>
    public bool IsIgnored { get; }

    /// <summary>True when the rule holds only under a guard.</summary>
    public bool IsGuarded => Guard is not null;

    internal ReturnGuard? Guard { get; }

    /// <summary>The rule as one line, e.g. <c>Received --Inspect--> Inspected</c>.</summary>
    public override string ToString() =>
        IsIgnored ? $"{From} --{Trigger}--> (ignored: {GuardDescription})"
        : GuardDescription.Length == 0 ? $"{From} --{Trigger}--> {To}"
        : $"{From} --{Trigger} [{GuardDescription}]--> {To}";
}

/// <summary>What <see cref="ReturnLifecycle.Decide"/> said: move to a state, ignore the trigger, or refuse it.</summary>
/// <remarks><c>default</c> is a refusal without a message; <see cref="ReturnLifecycle.Decide"/> never returns it.</remarks>
public readonly record struct ReturnDecision
{
    private ReturnDecision(ReturnDecisionKind kind, ReturnState target, string? error)
    {
        Kind = kind;
        Target = target;
        Error = error;
    }

    /// <summary>Move, ignore or refuse.</summary>
    public ReturnDecisionKind Kind { get; }

    /// <summary>The state after the trigger (the current state when ignored or refused).</summary>
    public ReturnState Target { get; }

    /// <summary>For a refusal, a sentence naming the state and the trigger; otherwise null.</summary>
    public string? Error { get; }

    internal static ReturnDecision Move(ReturnState to) => new(ReturnDecisionKind.Move, to, null);

    internal static ReturnDecision Ignore(ReturnState state) => new(ReturnDecisionKind.Ignore, state, null);

    internal static ReturnDecision Refuse(ReturnState state, string error) => new(ReturnDecisionKind.Refuse, state, error);
}

/// <summary>The kinds of <see cref="ReturnDecision"/>.</summary>
public enum ReturnDecisionKind
{
    /// <summary>The trigger is refused: not declared in the state, or no guard holds.</summary>
    Refuse,
    /// <summary>The trigger moves the return (possibly to the same state).</summary>
    Move,
    /// <summary>The trigger is declared as ignored: accepted, nothing changes.</summary>
    Ignore,
}
