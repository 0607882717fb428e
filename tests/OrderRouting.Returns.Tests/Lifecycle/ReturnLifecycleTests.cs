using OrderRouting.StateMachines;
using NodaTime;
using S = OrderRouting.Returns.ReturnState;
using T = OrderRouting.Returns.ReturnTrigger;

namespace OrderRouting.Returns.Tests.Lifecycle;

public class ReturnLifecycleTests
{
    private const string Ignored = "ignored";

    /// <summary>The lifecycle as the issue describes it, written out independently of the production table.</summary>
    private static readonly Dictionary<(S, T), string[]> Expected = new()
    {
        [(S.Requested, T.Authorise)] = [nameof(S.Authorised)],
        [(S.Requested, T.Reject)] = [nameof(S.Rejected)],
        [(S.Requested, T.Cancel)] = [nameof(S.Cancelled)],

        [(S.Authorised, T.IssueLabel)] = [nameof(S.LabelIssued)],
        [(S.Authorised, T.FailLabel)] = [nameof(S.LabelFailed)],
        [(S.Authorised, T.ScanInTransit)] = [nameof(S.InTransit)],
        [(S.Authorised, T.Receive)] = [nameof(S.Received), nameof(S.PartiallyReceived)],
        [(S.Authorised, T.Cancel)] = [nameof(S.Cancelled)],
        [(S.Authorised, T.Expire)] = [nameof(S.Expired)],

        [(S.LabelFailed, T.IssueLabel)] = [nameof(S.LabelIssued)],
        [(S.LabelFailed, T.FailLabel)] = [nameof(S.LabelFailed)],
        [(S.LabelFailed, T.ScanInTransit)] = [nameof(S.InTransit)],
        [(S.LabelFailed, T.Receive)] = [nameof(S.Received), nameof(S.PartiallyReceived)],
        [(S.LabelFailed, T.Cancel)] = [nameof(S.Cancelled)],
        [(S.LabelFailed, T.Expire)] = [nameof(S.Expired)],

        [(S.LabelIssued, T.ScanInTransit)] = [nameof(S.InTransit)],
        [(S.LabelIssued, T.Receive)] = [nameof(S.Received), nameof(S.PartiallyReceived)],
        [(S.LabelIssued, T.Cancel)] = [nameof(S.Cancelled)],
        [(S.LabelIssued, T.Expire)] = [nameof(S.Expired)],

        [(S.InTransit, T.ScanInTransit)] = [Ignored],
        [(S.InTransit, T.Receive)] = [nameof(S.Received), nameof(S.PartiallyReceived)],

        [(S.PartiallyReceived, T.ScanInTransit)] = [Ignored],
        [(S.PartiallyReceived, T.Receive)] = [nameof(S.Received), nameof(S.PartiallyReceived)],
        [(S.PartiallyReceived, T.Inspect)] = [nameof(S.Inspected)],

        [(S.Received, T.ScanInTransit)] = [Ignored],
        [(S.Received, T.Inspect)] = [nameof(S.Inspected)],

        [(S.Inspected, T.SubmitResolution)] = [nameof(S.ResolutionPending)],
        [(S.Inspected, T.Close)] = [nameof(S.Closed)],

        [(S.ResolutionPending, T.CompleteResolution)] = [nameof(S.Resolved)],
        [(S.ResolutionPending, T.FailResolution)] = [nameof(S.ResolutionFailed)],

        [(S.ResolutionFailed, T.SubmitResolution)] = [nameof(S.ResolutionPending)],

        [(S.Resolved, T.Close)] = [nameof(S.Closed)],
    };

    /// <summary>Facts covering every guard both ways.</summary>
    private static readonly ReturnFacts[] FactVariants =
    [
        .. from outstanding in new[] { 0, 2 }
           from resolvable in new[] { false, true }
           from due in new[] { false, true }
           select new ReturnFacts
           {
               Now = Instant.FromUtc(2026, 12, 1, 0, 0),
               ShipBy = due ? Instant.FromUtc(2026, 11, 30, 0, 0) : Instant.FromUtc(2026, 12, 2, 0, 0),
               UnitsOutstanding = outstanding,
               HasResolvableUnits = resolvable,
           },
    ];

    public static TheoryData<S, T> EveryStateAndTrigger()
    {
        var data = new TheoryData<S, T>();
        foreach (var state in Enum.GetValues<S>())
            foreach (var trigger in Enum.GetValues<T>())
                data.Add(state, trigger);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndTrigger))]
    public void Decide_EveryStateAndTrigger_AllowedOrRefusedAsDeclared(S state, T trigger)
    {
        var outcomes = FactVariants
            .Select(facts => ReturnLifecycle.Decide(state, trigger, facts))
            .Select(d => d.Kind switch
            {
                TransitionDecisionKind.Move => d.Target.ToString(),
                TransitionDecisionKind.Ignore => Ignored,
                _ => null,
            })
            .OfType<string>()
            .Distinct()
            .Order()
            .ToArray();

        if (Expected.TryGetValue((state, trigger), out var targets))
        {
            Assert.Equal(targets.Order(), outcomes);
            Assert.True(ReturnLifecycle.IsDeclared(state, trigger));
        }
        else
        {
            Assert.Empty(outcomes);
            Assert.False(ReturnLifecycle.IsDeclared(state, trigger));
            var refusal = ReturnLifecycle.Decide(state, trigger, FactVariants[0]);
            Assert.Equal($"Trigger {trigger} is not allowed in state {state}.", refusal.Error);
            Assert.Equal(state, refusal.Target);
        }
    }

    [Fact]
    public void Rules_Count_EqualsExpectedTableWithGuardedAlternatives()
    {
        Assert.Equal(Expected.Values.Sum(v => v.Length), ReturnLifecycle.Rules.Count);
    }

    [Fact]
    public void IsTerminal_TerminalStates_DeclareNoTrigger()
    {
        foreach (var state in Enum.GetValues<S>().Where(ReturnLifecycle.IsTerminal))
            Assert.All(Enum.GetValues<T>(), trigger => Assert.False(ReturnLifecycle.IsDeclared(state, trigger)));
        Assert.Equal([S.Closed, S.Rejected, S.Cancelled, S.Expired], Enum.GetValues<S>().Where(ReturnLifecycle.IsTerminal));
    }

    [Fact]
    public void Decide_ExpireBeforeShipBy_RefusedNamingStateTriggerAndGuard()
    {
        var facts = new ReturnFacts { Now = Instant.FromUtc(2026, 12, 1, 0, 0), ShipBy = Instant.FromUtc(2026, 12, 2, 0, 0) };
        var decision = ReturnLifecycle.Decide(S.LabelIssued, T.Expire, facts);
        Assert.Equal(TransitionDecisionKind.Refuse, decision.Kind);
        Assert.Equal("Trigger Expire is not allowed in state LabelIssued now: needs the ship-by deadline has passed.", decision.Error);
    }

    [Fact]
    public void Decide_ExpireExactlyAtShipBy_Expires()
    {
        var at = Instant.FromUtc(2026, 12, 1, 0, 0);
        var decision = ReturnLifecycle.Decide(S.Authorised, T.Expire, new ReturnFacts { Now = at, ShipBy = at });
        Assert.Equal(S.Expired, decision.Target);
    }

    [Fact]
    public void Decide_UndefinedState_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReturnLifecycle.Decide((S)99, T.Close, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReturnLifecycle.Decide(S.Requested, (T)99, default));
    }

    [Fact]
    public void ToMermaid_Table_DrawsEveryMovingRuleAndTerminalState()
    {
        var diagram = ReturnLifecycle.ToMermaid();
        Assert.StartsWith("stateDiagram-v2\n    [*] --> Requested\n", diagram);
        Assert.Contains("    Received --> Inspected : Inspect\n", diagram);
        Assert.Contains("    LabelIssued --> Expired : Expire [the ship-by deadline has passed]\n", diagram);
        Assert.Contains("    Closed --> [*]\n", diagram);
        Assert.DoesNotContain("InTransit --> InTransit", diagram);
        var arrows = diagram.Split('\n').Count(l => l.Contains(" --> ") && !l.Contains("[*]"));
        Assert.Equal(ReturnLifecycle.Rules.Count(r => !r.IsIgnored), arrows);
    }

    [Fact]
    public void ReadmeDiagram_IsTheTablesOwn()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        Assert.Contains("```mermaid\n" + ReturnLifecycle.ToMermaid() + "```", readme);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
