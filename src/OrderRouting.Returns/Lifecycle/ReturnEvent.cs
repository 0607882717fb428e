using NodaTime;

namespace OrderRouting.Returns;

/// <summary>One transition of a return: from which state to which, on what trigger, when, and who or what caused it.</summary>
/// <param name="Return">The return.</param>
/// <param name="Sequence">1 for a return's first transition, then 2, 3, ...: the order of its history.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after (equal to <paramref name="From"/> for a declared self-transition such as a repeated label failure).</param>
/// <param name="Trigger">What happened.</param>
/// <param name="At">When (from the injected <see cref="IClock"/>).</param>
/// <param name="Actor">Who or what caused it: <c>customer</c>, <c>policy</c>, <c>operator:jane</c>, <c>carrier:dhl</c>, ...</param>
/// <param name="Cause">Why, in words: a reason, a callback key, an adapter's error.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ReturnEvent(
    ReturnId Return, int Sequence, ReturnState From, ReturnState To, ReturnTrigger Trigger, Instant At, string Actor, string Cause)
{
    /// <summary>True when the transition ends the return (<see cref="ReturnLifecycle.IsTerminal"/>).</summary>
    public bool IsTerminal => ReturnLifecycle.IsTerminal(To);
}
