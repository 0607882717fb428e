using OrderRouting.StateMachines;

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

    /// <summary>The table as a <see cref="TransitionTable{TState, TTrigger, TFacts}"/>.</summary>
    public static TransitionTable<ReturnState, ReturnTrigger, ReturnFacts> Machine { get; } =
        TransitionTable<ReturnState, ReturnTrigger, ReturnFacts>.Declare(Declare);

    /// <summary>The table, in declaration order.</summary>
    public static IReadOnlyList<TransitionRule<ReturnState, ReturnTrigger, ReturnFacts>> Rules => Machine.Rules;

    private static void Declare(TransitionTable<ReturnState, ReturnTrigger, ReturnFacts>.Declarations table)
    {

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
    }

    /// <summary>True for the states no trigger leaves: closed, rejected, cancelled, expired.</summary>
    public static bool IsTerminal(ReturnState state) =>
        state is ReturnState.Closed or ReturnState.Rejected or ReturnState.Cancelled or ReturnState.Expired;

    /// <summary>True when the table declares <paramref name="trigger"/> in <paramref name="state"/> (under some guard, or ignored).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public static bool IsDeclared(ReturnState state, ReturnTrigger trigger) => Machine.IsDeclared(state, trigger);

    /// <summary>The rules declared for <paramref name="trigger"/> in <paramref name="state"/>, in declaration order (empty when refused).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public static IReadOnlyList<TransitionRule<ReturnState, ReturnTrigger, ReturnFacts>> RulesFor(ReturnState state, ReturnTrigger trigger) =>
        Machine.RulesFor(state, trigger);

    /// <summary>
    /// Decides what <paramref name="trigger"/> does in <paramref name="state"/> given <paramref name="facts"/>: the first
    /// declared rule whose guard holds wins. Refused when no rule is declared or no guard holds; the message names the
    /// state, the trigger and the guards that failed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public static TransitionDecision<ReturnState> Decide(ReturnState state, ReturnTrigger trigger, in ReturnFacts facts) =>
        Machine.Decide(state, trigger, in facts);

    /// <summary>
    /// The table as a Mermaid <c>stateDiagram-v2</c>: one arrow per rule, labelled with the trigger and, in brackets,
    /// its guard; ignored triggers are not drawn. Terminal states lead to <c>[*]</c>.
    /// </summary>
    public static string ToMermaid() => Machine.ToMermaid(ReturnState.Requested, IsTerminal);
}
