using OrderRouting.Lifecycle;
using Xunit;

namespace OrderRouting.Tests.Lifecycle;

public class OrderStateMachineTests
{
    // The expected table, written independently of the implementation: state → "Trigger>Next" pairs; everything else is refused.
    private static readonly Dictionary<OrderState, string> Expected = new()
    {
        [OrderState.Received] = "Route>Routed Hold>OnHold Cancel>Cancelled Flag>Exception",
        [OrderState.Routed] = "Release>Released Reroute>Received Hold>OnHold Cancel>Cancelled Flag>Exception",
        [OrderState.Released] = "Pick>Picking Dispatch>Dispatched Reroute>Received Cancel>Cancelled Flag>Exception",
        [OrderState.Picking] = "Pick>Picking Dispatch>Dispatched Cancel>Cancelled Flag>Exception",
        [OrderState.Dispatched] = "Deliver>Delivered",
        [OrderState.Delivered] = "",
        [OrderState.OnHold] = "Resume>Received Cancel>Cancelled",
        [OrderState.Cancelled] = "",
        [OrderState.Exception] = "Route>Routed Reroute>Received Hold>OnHold Cancel>Cancelled Flag>Exception",
    };

    public static TheoryData<OrderState, OrderTrigger> EveryPair()
    {
        var data = new TheoryData<OrderState, OrderTrigger>();
        foreach (var state in Enum.GetValues<OrderState>())
        foreach (var trigger in Enum.GetValues<OrderTrigger>())
            data.Add(state, trigger);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void TryFire_EveryStateAndTrigger_MatchesTheExpectedTable(OrderState state, OrderTrigger trigger)
    {
        var expected = Expected[state].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('>')).ToDictionary(p => Enum.Parse<OrderTrigger>(p[0]), p => Enum.Parse<OrderState>(p[1]));

        var allowed = OrderStateMachine.TryFire(state, trigger, out var next);

        Assert.Equal(expected.ContainsKey(trigger), allowed);
        if (allowed) Assert.Equal(expected[trigger], next);
        else
        {
            var error = Assert.Throws<InvalidOperationException>(() => OrderStateMachine.Fire(state, trigger));
            Assert.Equal($"trigger {trigger} is not allowed in state {state}", error.Message);
        }
    }

    [Fact]
    public void Transitions_Count_MatchesTheExpectedTable() =>
        Assert.Equal(Expected.Values.Sum(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length), OrderStateMachine.Transitions.Count);

    [Theory]
    [InlineData(OrderState.Delivered, true)]
    [InlineData(OrderState.Cancelled, true)]
    [InlineData(OrderState.Exception, false)]
    [InlineData(OrderState.Dispatched, false)]
    public void IsTerminal_State_OnlyDeliveredAndCancelled(OrderState state, bool terminal) =>
        Assert.Equal(terminal, OrderStateMachine.IsTerminal(state));

    [Fact]
    public void ToMermaid_Table_OneLinePerTransitionPlusStartAndEnds()
    {
        var mermaid = OrderStateMachine.ToMermaid();
        var lines = mermaid.TrimEnd('\n').Split('\n');

        Assert.Equal("stateDiagram-v2", lines[0]);
        Assert.Equal("    [*] --> Received", lines[1]);
        Assert.Contains("    Dispatched --> Delivered : Deliver", lines);
        Assert.Contains("    Cancelled --> [*]", lines);
        Assert.Equal(OrderStateMachine.Transitions.Count + 4, lines.Length);
    }
}
