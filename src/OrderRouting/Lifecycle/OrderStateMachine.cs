using OrderRouting.StateMachines;

namespace OrderRouting.Lifecycle;

/// <summary>
/// The order lifecycle's transition table, declared once. Every (state, trigger) pair not in the table is refused
/// with a message naming both. The table prints itself as a Mermaid state diagram for the docs.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public static class OrderStateMachine
{
    private static readonly (OrderState From, OrderTrigger Trigger, OrderState To)[] Table =
    [
        (OrderState.Received, OrderTrigger.Route, OrderState.Routed),
        (OrderState.Received, OrderTrigger.Hold, OrderState.OnHold),
        (OrderState.Received, OrderTrigger.Cancel, OrderState.Cancelled),
        (OrderState.Received, OrderTrigger.Flag, OrderState.Exception),

        (OrderState.Routed, OrderTrigger.Release, OrderState.Released),
        (OrderState.Routed, OrderTrigger.Reroute, OrderState.Received),
        (OrderState.Routed, OrderTrigger.Hold, OrderState.OnHold),
        (OrderState.Routed, OrderTrigger.Cancel, OrderState.Cancelled),
        (OrderState.Routed, OrderTrigger.Flag, OrderState.Exception),

        (OrderState.Released, OrderTrigger.Pick, OrderState.Picking),
        (OrderState.Released, OrderTrigger.Dispatch, OrderState.Dispatched),
        (OrderState.Released, OrderTrigger.Reroute, OrderState.Received),
        (OrderState.Released, OrderTrigger.Cancel, OrderState.Cancelled),
        (OrderState.Released, OrderTrigger.Flag, OrderState.Exception),

        (OrderState.Picking, OrderTrigger.Pick, OrderState.Picking),
        (OrderState.Picking, OrderTrigger.Dispatch, OrderState.Dispatched),
        (OrderState.Picking, OrderTrigger.Cancel, OrderState.Cancelled),
        (OrderState.Picking, OrderTrigger.Flag, OrderState.Exception),

        (OrderState.Dispatched, OrderTrigger.Deliver, OrderState.Delivered),

        (OrderState.OnHold, OrderTrigger.Resume, OrderState.Received),
        (OrderState.OnHold, OrderTrigger.Cancel, OrderState.Cancelled),

        (OrderState.Exception, OrderTrigger.Route, OrderState.Routed),
        (OrderState.Exception, OrderTrigger.Reroute, OrderState.Received),
        (OrderState.Exception, OrderTrigger.Hold, OrderState.OnHold),
        (OrderState.Exception, OrderTrigger.Cancel, OrderState.Cancelled),
        (OrderState.Exception, OrderTrigger.Flag, OrderState.Exception),
    ];

    /// <summary>The table as a <see cref="TransitionTable{TState, TTrigger, TFacts}"/> (no guards).</summary>
    public static TransitionTable<OrderState, OrderTrigger, NoFacts> Machine { get; } =
        TransitionTable<OrderState, OrderTrigger, NoFacts>.Declare(table =>
        {
            foreach (var (from, trigger, to) in Table) table.In(from).Permit(trigger, to);
        });

    /// <summary>Every allowed transition, in declaration order.</summary>
    public static IReadOnlyList<(OrderState From, OrderTrigger Trigger, OrderState To)> Transitions => Table;

    /// <summary>True for the states an order never leaves: <see cref="OrderState.Delivered"/> and <see cref="OrderState.Cancelled"/>.</summary>
    public static bool IsTerminal(OrderState state) => state is OrderState.Delivered or OrderState.Cancelled;

    /// <summary>Looks up the state <paramref name="trigger"/> leads to from <paramref name="state"/>.</summary>
    /// <returns>True and the next state when the table allows it; false otherwise.</returns>
    public static bool TryFire(OrderState state, OrderTrigger trigger, out OrderState next) =>
        Machine.TryFire(state, trigger, default, out next);

    /// <summary>The state <paramref name="trigger"/> leads to from <paramref name="state"/>.</summary>
    /// <exception cref="InvalidOperationException">The table does not allow the trigger in that state; the message names both.</exception>
    public static OrderState Fire(OrderState state, OrderTrigger trigger) =>
        TryFire(state, trigger, out var next) ? next : throw new InvalidOperationException(Refusal(state, trigger));

    /// <summary>The sentence used when a trigger is refused, e.g. <c>trigger Dispatch is not allowed in state Received</c>.</summary>
    public static string Refusal(OrderState state, OrderTrigger trigger) => $"trigger {trigger} is not allowed in state {state}";

    /// <summary>The table as a Mermaid <c>stateDiagram-v2</c>, one line per transition, in declaration order.</summary>
    public static string ToMermaid() => Machine.ToMermaid(OrderState.Received, IsTerminal);
}
