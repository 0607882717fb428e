using OrderRouting.StateMachines;
using Xunit;

namespace OrderRouting.Tests.StateMachines;

public class TransitionTableTests
{
    public enum Door { Closed, Open, Locked }

    public enum Action { Open, Close, Lock, Unlock, Knock }

    public enum Wide : long { A }

    public readonly record struct Keys(bool HasKey);

    private static readonly TransitionTable<Door, Action, Keys> Table = TransitionTable<Door, Action, Keys>.Declare(t =>
    {
        t.In(Door.Closed)
            .Permit(Action.Open, Door.Open)
            .PermitIf(Action.Lock, Door.Locked, "the key is at hand", static (in Keys k) => k.HasKey)
            .Ignore(Action.Close, "already closed");
        t.In(Door.Open).Permit(Action.Close, Door.Closed);
        t.In(Door.Locked).PermitIf(Action.Unlock, Door.Closed, "the key is at hand", static (in Keys k) => k.HasKey);
    });

    [Fact]
    public void Decide_EveryStateAndTrigger_MovesIgnoresOrRefusesAsDeclared()
    {
        var key = new Keys(true);
        var outcomes = Enum.GetValues<Door>().SelectMany(s => Enum.GetValues<Action>().Select(a => (s, a, d: Table.Decide(s, a, in key))))
            .Select(x => $"{x.s}/{x.a}:{x.d.Kind}{(x.d.Kind == TransitionDecisionKind.Move ? "->" + x.d.Target : "")}")
            .Where(x => !x.EndsWith(":Refuse", StringComparison.Ordinal));

        Assert.Equal(["Closed/Open:Move->Open", "Closed/Close:Ignore", "Closed/Lock:Move->Locked", "Open/Close:Move->Closed", "Locked/Unlock:Move->Closed"], outcomes);
    }

    [Fact]
    public void Decide_GuardFails_RefusedNamingStateTriggerAndGuard()
    {
        var decision = Table.Decide(Door.Closed, Action.Lock, new Keys(false));

        Assert.Equal(TransitionDecisionKind.Refuse, decision.Kind);
        Assert.Equal(Door.Closed, decision.Target);
        Assert.Equal("Trigger Lock is not allowed in state Closed now: needs the key is at hand.", decision.Error);
        Assert.Equal("Trigger Knock is not allowed in state Open.", Table.Decide(Door.Open, Action.Knock, default).Error);
        Assert.False(Table.TryFire(Door.Closed, Action.Lock, new Keys(false), out var next));
        Assert.Equal(Door.Closed, next);
        Assert.True(Table.TryFire(Door.Closed, Action.Close, default, out next));
        Assert.Equal(Door.Closed, next);
    }

    [Fact]
    public void RulesFor_AndIsDeclared_FollowTheDeclarations()
    {
        Assert.True(Table.IsDeclared(Door.Closed, Action.Close));
        Assert.False(Table.IsDeclared(Door.Locked, Action.Open));
        Assert.Equal("Closed --Lock [the key is at hand]--> Locked", Assert.Single(Table.RulesFor(Door.Closed, Action.Lock)).ToString());
        Assert.Equal(5, Table.Rules.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Table.Decide((Door)7, Action.Open, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => Table.Decide(Door.Open, (Action)(-1), default));
    }

    [Fact]
    public void ToMermaid_Table_EntryMovingRulesAndTerminalExits()
    {
        Assert.Equal(
            "stateDiagram-v2\n    [*] --> Closed\n    Closed --> Open : Open\n    Closed --> Locked : Lock [the key is at hand]\n" +
            "    Open --> Closed : Close\n    Locked --> Closed : Unlock [the key is at hand]\n    Locked --> [*]\n",
            Table.ToMermaid(Door.Closed, s => s == Door.Locked));
    }

    [Fact]
    public void Declare_EnumNotIntBased_Refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TransitionTable<Wide, Action, NoFacts>.Declare(_ => { }));

        Assert.Contains("int-based", error.Message);
    }
}
