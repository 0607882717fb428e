using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;
using NodaTime;
using OrderRouting;
using OrderRouting.Orders;
using OrderRouting.Ports;
using OrderRouting.Returns;

namespace OrderRouting.Benchmarks.Returns;

/// <summary>
/// Transition throughput of the returns state machine: the table decision alone, and a return's whole life
/// (request to close, nine transitions) with each transition recorded in its history and published to a subscriber.
/// </summary>
[MinColumn, MedianColumn]
public class ReturnLifecycleBenchmarks
{
    private static readonly (ReturnState State, ReturnTrigger Trigger, int Receiving)[] Life =
    [
        (ReturnState.Requested, ReturnTrigger.Authorise, 0),
        (ReturnState.Authorised, ReturnTrigger.FailLabel, 0),
        (ReturnState.LabelFailed, ReturnTrigger.IssueLabel, 0),
        (ReturnState.LabelIssued, ReturnTrigger.ScanInTransit, 0),
        (ReturnState.InTransit, ReturnTrigger.Receive, 2),
        (ReturnState.PartiallyReceived, ReturnTrigger.Receive, 1),
        (ReturnState.Received, ReturnTrigger.Inspect, 0),
        (ReturnState.Inspected, ReturnTrigger.SubmitResolution, 0),
        (ReturnState.ResolutionPending, ReturnTrigger.CompleteResolution, 0),
        (ReturnState.Resolved, ReturnTrigger.Close, 0),
    ];

    private readonly Subject<ReturnEvent> _events = new();
    private ReturnOpening _opening = null!;
    private ReturnFacts _facts;
    private long _published;

    [GlobalSetup]
    public void Setup()
    {
        var order = new Order
        {
            Id = OrderId.Of("web-1001"),
            Channel = ChannelId.Of("web"),
            ExternalId = "1001",
            PlacedAt = Instant.FromUtc(2026, 11, 20, 9, 0),
            ShipTo = Address.Create("DE", "10115"),
            Lines = [new OrderLine("1", Sku.Of("SKU-1"), 3, Money.Of(20m, "EUR"))],
        };
        _opening = new ReturnOpening("k", order, [new ReturnedLine("1", 3)], "changed-mind", new LocalDate(2026, 11, 25));
        _facts = new ReturnFacts { Now = Instant.FromUtc(2026, 11, 27, 9, 0), ShipBy = Instant.FromUtc(2026, 12, 11, 9, 0), UnitsOutstanding = 3, HasResolvableUnits = true };
        _events.Subscribe(_ => _published++);
        if (FullLifecycle() != ReturnState.Closed || _published != Life.Length)
            throw new InvalidOperationException("the benchmarked life does not reach Closed through every transition");
    }

    /// <summary>One table decision (guards included); no allocation.</summary>
    [Benchmark(OperationsPerInvoke = 10)]
    public int Decide()
    {
        var sum = 0;
        foreach (var (state, trigger, _) in Life)
            sum += (int)ReturnLifecycle.Decide(state, trigger, in _facts).Target;
        return sum;
    }

    /// <summary>Per transition, a return's whole life: creation, ten transitions recorded and published.</summary>
    [Benchmark(OperationsPerInvoke = 10)]
    public ReturnState FullLifecycle()
    {
        var c = new ReturnCase(ReturnId.Of("R-1"), _opening, _facts.Now, [new CaseLine(_opening.Order.Lines[0], 3)]);
        var line = c.Lines[0];
        foreach (var (_, trigger, receiving) in Life)
        {
            if (trigger == ReturnTrigger.Inspect) line.Resolvable = 3;
            c.Fire(trigger, c.Facts(_facts.Now, receiving), "bench", "step", out var transition);
            if (receiving > 0) c.CountReceipt(line, receiving);
            if (transition is not null) _events.OnNext(transition);
        }
        return c.State;
    }
}
