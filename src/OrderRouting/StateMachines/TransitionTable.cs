using System.Runtime.CompilerServices;
using System.Text;

namespace OrderRouting.StateMachines;

/// <summary>A guard of a transition: true when the transition may happen given the facts.</summary>
/// <typeparam name="TFacts">What the guard reads (e.g. units still outstanding, the current instant).</typeparam>
public delegate bool TransitionGuard<TFacts>(in TFacts facts);

/// <summary>
/// A state machine declared once as a table: for each state, the triggers it accepts, where each leads and under
/// which guard, and the triggers it ignores (accepted, nothing changes: a repeated or late callback). A trigger a
/// state does not declare is refused with a sentence naming the state and the trigger. The order lifecycle
/// (<c>OrderStateMachine</c>) and the returns lifecycle (<c>ReturnLifecycle</c>) are both such tables; a host can
/// declare its own the same way.
/// </summary>
/// <typeparam name="TState">The states: an <see cref="int"/>-based enum with small non-negative values.</typeparam>
/// <typeparam name="TTrigger">The triggers: an <see cref="int"/>-based enum with small non-negative values.</typeparam>
/// <typeparam name="TFacts">What guards read; use <see cref="NoFacts"/> for a table without guards.</typeparam>
/// <remarks>Immutable and thread-safe once built. <see cref="Decide"/> and <see cref="TryFire"/> do not allocate
/// unless they refuse: rules are indexed by (state, trigger) in one array.</remarks>
public sealed class TransitionTable<TState, TTrigger, TFacts>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly TransitionRule<TState, TTrigger, TFacts>[] _rules;
    private readonly TransitionRule<TState, TTrigger, TFacts>[][] _index;
    private readonly int _triggerCount;

    private TransitionTable(List<TransitionRule<TState, TTrigger, TFacts>> rules)
    {
        if (Enum.GetUnderlyingType(typeof(TState)) != typeof(int) || Enum.GetUnderlyingType(typeof(TTrigger)) != typeof(int))
            throw new InvalidOperationException($"{typeof(TState).Name} and {typeof(TTrigger).Name} must be int-based enums.");
        var states = Size<TState>();
        _triggerCount = Size<TTrigger>();
        _rules = [.. rules];
        _index = new TransitionRule<TState, TTrigger, TFacts>[states * _triggerCount][];
        for (var i = 0; i < _index.Length; i++) _index[i] = [];
        foreach (var group in _rules.GroupBy(r => Index(r.From, r.Trigger))) _index[group.Key] = [.. group];
        Rules = Array.AsReadOnly(_rules);
    }

    /// <summary>Builds a table from the declarations <paramref name="declare"/> makes, in order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="declare"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A state or trigger enum is not int-based or has a negative value.</exception>
    public static TransitionTable<TState, TTrigger, TFacts> Declare(Action<Declarations> declare)
    {
        ArgumentNullException.ThrowIfNull(declare);
        var declarations = new Declarations();
        declare(declarations);
        return new TransitionTable<TState, TTrigger, TFacts>(declarations.Rules);
    }

    /// <summary>Every rule, in declaration order.</summary>
    public IReadOnlyList<TransitionRule<TState, TTrigger, TFacts>> Rules { get; }

    /// <summary>True when the table declares <paramref name="trigger"/> in <paramref name="state"/> (under some guard, or ignored).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public bool IsDeclared(TState state, TTrigger trigger) => RulesArray(state, trigger).Length > 0;

    /// <summary>The rules declared for <paramref name="trigger"/> in <paramref name="state"/>, in declaration order (empty when refused).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public IReadOnlyList<TransitionRule<TState, TTrigger, TFacts>> RulesFor(TState state, TTrigger trigger) => RulesArray(state, trigger);

    /// <summary>
    /// Decides what <paramref name="trigger"/> does in <paramref name="state"/> given <paramref name="facts"/>: the first
    /// declared rule whose guard holds wins. Refused when no rule is declared or no guard holds; the message names the
    /// state, the trigger and the guards that failed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public TransitionDecision<TState> Decide(TState state, TTrigger trigger, in TFacts facts)
    {
        var rules = RulesArray(state, trigger);
        if (Find(rules, in facts) is { } rule) return rule.IsIgnored ? TransitionDecision<TState>.Ignore(state) : TransitionDecision<TState>.Move(rule.To);
        return TransitionDecision<TState>.Refuse(state, rules.Length == 0
            ? $"Trigger {trigger} is not allowed in state {state}."
            : $"Trigger {trigger} is not allowed in state {state} now: " + string.Join(" / ", rules.Select(r => "needs " + r.GuardDescription)) + ".");
    }

    /// <summary>The state <paramref name="trigger"/> leads to from <paramref name="state"/>, without building a refusal.</summary>
    /// <returns>True and the next state (the same state when the trigger is ignored); false when refused.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The state or trigger is not a declared enum value.</exception>
    public bool TryFire(TState state, TTrigger trigger, in TFacts facts, out TState next)
    {
        var rule = Find(RulesArray(state, trigger), in facts);
        next = rule is null ? state : rule.To;
        return rule is not null;
    }

    /// <summary>
    /// The table as a Mermaid <c>stateDiagram-v2</c>: an entry arrow to <paramref name="initial"/>, one arrow per rule
    /// in declaration order, labelled with the trigger and, in brackets, its guard (ignored triggers are not drawn),
    /// and an exit arrow from each state <paramref name="isTerminal"/> accepts, in enum order.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="isTerminal"/> is null.</exception>
    public string ToMermaid(TState initial, Func<TState, bool> isTerminal)
    {
        ArgumentNullException.ThrowIfNull(isTerminal);
        var text = new StringBuilder("stateDiagram-v2\n");
        text.Append("    [*] --> ").Append(initial).Append('\n');
        foreach (var rule in _rules)
        {
            if (rule.IsIgnored) continue;
            text.Append("    ").Append(rule.From).Append(" --> ").Append(rule.To).Append(" : ").Append(rule.Trigger);
            if (rule.GuardDescription.Length > 0) text.Append(" [").Append(rule.GuardDescription).Append(']');
            text.Append('\n');
        }
        foreach (var state in Enum.GetValues<TState>())
            if (isTerminal(state)) text.Append("    ").Append(state).Append(" --> [*]\n");
        return text.ToString();
    }

    private static TransitionRule<TState, TTrigger, TFacts>? Find(TransitionRule<TState, TTrigger, TFacts>[] rules, in TFacts facts)
    {
        foreach (var rule in rules)
            if (rule.Guard is null || rule.Guard(in facts)) return rule;
        return null;
    }

    private TransitionRule<TState, TTrigger, TFacts>[] RulesArray(TState state, TTrigger trigger)
    {
        var s = ToInt(state);
        var t = ToInt(trigger);
        if ((uint)t >= (uint)_triggerCount) throw new ArgumentOutOfRangeException(nameof(trigger), trigger, $"is not a {typeof(TTrigger).Name}");
        var index = s * _triggerCount + t;
        if (s < 0 || index >= _index.Length) throw new ArgumentOutOfRangeException(nameof(state), state, $"is not a {typeof(TState).Name}");
        return _index[index];
    }

    private int Index(TState state, TTrigger trigger) => ToInt(state) * _triggerCount + ToInt(trigger);

    private static int Size<TEnum>() where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>().Select(ToInt).ToArray();
        if (values.Any(v => v < 0)) throw new InvalidOperationException($"{typeof(TEnum).Name} has a negative value.");
        return values.Length == 0 ? 0 : values.Max() + 1;
    }

    private static int ToInt<TEnum>(TEnum value) where TEnum : struct, Enum => Unsafe.As<TEnum, int>(ref value);

    /// <summary>Collects the rules of a table, state by state, in declaration order.</summary>
    public sealed class Declarations
    {
        internal List<TransitionRule<TState, TTrigger, TFacts>> Rules { get; } = [];

        internal Declarations()
        {
        }

        /// <summary>Starts the rules of <paramref name="state"/>.</summary>
        public StateRules In(TState state) => new(this, state);

        /// <summary>The rules of one state.</summary>
        public readonly struct StateRules
        {
            private readonly Declarations _declarations;
            private readonly TState _from;

            internal StateRules(Declarations declarations, TState from)
            {
                _declarations = declarations;
                _from = from;
            }

            /// <summary><paramref name="trigger"/> moves the machine to <paramref name="to"/>.</summary>
            public StateRules Permit(TTrigger trigger, TState to) => Add(new(_from, trigger, to, "", null, false));

            /// <summary><paramref name="trigger"/> moves the machine to <paramref name="to"/> when <paramref name="guard"/> holds.</summary>
            /// <param name="trigger">The trigger.</param>
            /// <param name="to">The state it leads to.</param>
            /// <param name="guardDescription">The guard in words, for refusals and the diagram.</param>
            /// <param name="guard">The guard.</param>
            /// <exception cref="ArgumentNullException"><paramref name="guard"/> or <paramref name="guardDescription"/> is null.</exception>
            public StateRules PermitIf(TTrigger trigger, TState to, string guardDescription, TransitionGuard<TFacts> guard) =>
                Add(new(_from, trigger, to, Guard.NotNull(guardDescription), Guard.NotNull(guard), false));

            /// <summary><paramref name="trigger"/> is accepted and changes nothing; <paramref name="why"/> says why.</summary>
            /// <exception cref="ArgumentNullException"><paramref name="why"/> is null.</exception>
            public StateRules Ignore(TTrigger trigger, string why) => Add(new(_from, trigger, _from, Guard.NotNull(why), null, true));

            private StateRules Add(TransitionRule<TState, TTrigger, TFacts> rule)
            {
                _declarations.Rules.Add(rule);
                return this;
            }
        }
    }
}

/// <summary>The facts of a table whose transitions have no guards.</summary>
public readonly record struct NoFacts;

/// <summary>One declared rule of a <see cref="TransitionTable{TState, TTrigger, TFacts}"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class TransitionRule<TState, TTrigger, TFacts>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    internal TransitionRule(TState from, TTrigger trigger, TState to, string guardDescription, TransitionGuard<TFacts>? guard, bool isIgnored)
    {
        From = from;
        Trigger = trigger;
        To = to;
        GuardDescription = guardDescription;
        Guard = guard;
        IsIgnored = isIgnored;
    }

    /// <summary>The state the rule applies in.</summary>
    public TState From { get; }

    /// <summary>The trigger.</summary>
    public TTrigger Trigger { get; }

    /// <summary>Where the trigger leads (equal to <see cref="From"/> when ignored).</summary>
    public TState To { get; }

    /// <summary>The guard in words, or for an ignored trigger why it is ignored; empty when the rule has no condition.</summary>
    public string GuardDescription { get; }

    /// <summary>True when the trigger is accepted and changes nothing (an out-of-order or repeated callback).</summary>
    public bool IsIgnored { get; }

    /// <summary>True when the rule holds only under a guard.</summary>
    public bool IsGuarded => Guard is not null;

    internal TransitionGuard<TFacts>? Guard { get; }

    /// <summary>The rule as one line, e.g. <c>Received --Inspect--> Inspected</c>.</summary>
    public override string ToString() =>
        IsIgnored ? $"{From} --{Trigger}--> (ignored: {GuardDescription})"
        : GuardDescription.Length == 0 ? $"{From} --{Trigger}--> {To}"
        : $"{From} --{Trigger} [{GuardDescription}]--> {To}";
}

/// <summary>What <see cref="TransitionTable{TState, TTrigger, TFacts}.Decide"/> said: move to a state, ignore the trigger, or refuse it.</summary>
/// <typeparam name="TState">The states.</typeparam>
/// <remarks><c>default</c> is a refusal without a message; <c>Decide</c> never returns it.</remarks>
public readonly record struct TransitionDecision<TState>
    where TState : struct, Enum
{
    private TransitionDecision(TransitionDecisionKind kind, TState target, string? error)
    {
        Kind = kind;
        Target = target;
        Error = error;
    }

    /// <summary>Move, ignore or refuse.</summary>
    public TransitionDecisionKind Kind { get; }

    /// <summary>The state after the trigger (the current state when ignored or refused).</summary>
    public TState Target { get; }

    /// <summary>For a refusal, a sentence naming the state and the trigger; otherwise null.</summary>
    public string? Error { get; }

    internal static TransitionDecision<TState> Move(TState to) => new(TransitionDecisionKind.Move, to, null);

    internal static TransitionDecision<TState> Ignore(TState state) => new(TransitionDecisionKind.Ignore, state, null);

    internal static TransitionDecision<TState> Refuse(TState state, string error) => new(TransitionDecisionKind.Refuse, state, error);
}

/// <summary>The kinds of <see cref="TransitionDecision{TState}"/>.</summary>
public enum TransitionDecisionKind
{
    /// <summary>The trigger is refused: not declared in the state, or no guard holds.</summary>
    Refuse,
    /// <summary>The trigger moves the machine (possibly to the same state).</summary>
    Move,
    /// <summary>The trigger is declared as ignored: accepted, nothing changes.</summary>
    Ignore,
}
