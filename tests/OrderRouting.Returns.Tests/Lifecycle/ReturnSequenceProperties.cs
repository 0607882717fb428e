using NodaTime;
using OrderRouting.Returns.Tests.Support;
using OrderRouting.Testing;

namespace OrderRouting.Returns.Tests.Lifecycle;

/// <summary>
/// Random sequences of commands and callbacks (with repeated keys, out-of-order arrivals and failing adapters) against
/// one return, checking after every step what must always hold, then driving it to its end.
/// </summary>
public class ReturnSequenceProperties
{
    private static readonly HashSet<(ReturnState, ReturnTrigger, ReturnState)> Declared =
        [.. ReturnLifecycle.Rules.Where(r => !r.IsIgnored).Select(r => (r.From, r.Trigger, r.To))];

    [PropertyTest(Divisor = 2)]
    public void RandomSequences_DuplicatesAndOutOfOrderCallbacks_KeepEveryInvariant(int[] steps, bool review, bool withShipping)
    {
        RunAsync(steps, review, withShipping, greedy: false).GetAwaiter().GetResult();
    }

    /// <summary>Even a policy that quotes too much (and calls wrong items resolvable) never gets more paid than was paid.</summary>
    [PropertyTest(Divisor = 2)]
    public void RandomSequences_GreedyPolicy_NeverRefundMoreThanPaid(int[] steps, bool review, bool withShipping)
    {
        RunAsync(steps, review, withShipping, greedy: true).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(int[] steps, bool review, bool withShipping, bool greedy)
    {
        using var f = new ReturnsFixture(decorate: greedy ? p => new GreedyPolicy(p) : null, configure: o =>
        {
            if (review) o.Policy.AutoAuthoriseUpTo.Clear();
            o.Policy.RestockingFeePercent = 5m;
            o.Policy.RefundShipping = ShippingRefund.Always;
            o.AdvanceExchange.Enabled = true;
            o.AdvanceExchange.MaxValue[Currency.Of("EUR")] = 1000m;
        });
        var order = ReturnsFixture.Order() with { ShippingCharge = withShipping ? Money.Of(4.90m, "EUR") : null };
        var opened = await f.Service.OpenAsync(ReturnsFixture.Opening(order: order, lines: [new ReturnedLine("1", 3), new ReturnedLine("3", 2)]));
        Assert.True(opened.Accepted, opened.Reason);
        var id = opened.Return;

        foreach (var raw in steps)
        {
            await StepAsync(f, id, (uint)raw);
            Check(f, id, order);
        }

        await FinishAsync(f, id);
        Check(f, id, order);
        var history = f.Get(id).History;
        Assert.True(ReturnLifecycle.IsTerminal(f.Get(id).State), $"ended in {f.Get(id).State}");
        Assert.Single(history, e => e.IsTerminal);
        Assert.True(history[^1].IsTerminal);
    }

    private static async Task StepAsync(ReturnsFixture f, ReturnId id, uint raw)
    {
        var kind = raw % 16;
        var a = (int)(raw / 16 % 4);
        var b = (int)(raw / 64 % 4);
        var line = a % 2 == 0 ? "1" : "3";
        switch (kind)
        {
            case 0: await f.Service.AuthoriseAsync(id, "operator"); break;
            case 1: if (a == 0) await f.Service.RejectAsync(id, "operator", "no"); break;
            case 2: if (a == 0) await f.Service.CancelAsync(id, "customer"); break;
            case 3: await f.Service.RecordScanAsync(new CarrierScan("scan-" + a, id, "dhl", "TRK", f.Clock.GetCurrentInstant())); break;
            case 4:
            case 5: await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-" + a, new ReturnedLine(line, b + 1))); break;
            case 6: await InspectAsync(f, id, a); break;
            case 7:
                var resolution = a switch
                {
                    0 => ReturnResolution.StoreCredit,
                    1 => ReturnResolution.Exchange([new ExchangeLine(line, Sku.Of("SKU-X"), b + 1)]),
                    _ => ReturnResolution.Refund,
                };
                await f.Service.ResolveAsync(id, resolution, "customer");
                break;
            case 8: await f.Service.ConfirmRefundAsync(new RefundConfirmation("hook-" + a, id, b != 0, "PAY-" + b, "bank said no")); break;
            case 9: f.Clock.Advance(Duration.FromDays(a * 5)); await f.Service.ExpireOverdueAsync(); break;
            case 10: await f.Service.RetryAsync(id); break;
            case 11: await f.Service.HoldAdvanceExchangeAsync(id, [new StockLine(LocationId.Of("eu-1"), Sku.Of("SKU-X"), a + 1)], "customer"); break;
            case 12: f.Carrier.Down = a == 0; break;
            case 13:
                f.Refunds.Answer = a switch
                {
                    0 => _ => RefundSubmission.Declined("card expired"),
                    1 => _ => throw new TimeoutException("gateway timed out"),
                    2 => r => RefundSubmission.Pending("PAY-" + r.IdempotencyKey),
                    _ => r => RefundSubmission.Completed("PAY-" + r.IdempotencyKey),
                };
                f.Exchanges.Answer = b == 0 ? _ => ExchangePlacement.Refused("out of stock") : r => ExchangePlacement.Success(OrderId.Of("X-" + r.Return));
                break;
            case 14: f.Stock.Fail = a == 0; break;
            default: f.Notifications.Down = a == 0; f.Inbound.Down = b == 0; break;
        }
    }

    /// <summary>Inspects the received units: all resellable, all damaged, all wrong, or a mix; sometimes miscounted (refused).</summary>
    private static async Task InspectAsync(ReturnsFixture f, ReturnId id, int pattern)
    {
        var inspections = new List<LineInspection>();
        foreach (var line in f.Get(id).Lines.Where(l => l.Received > 0))
        {
            var units = pattern == 3 ? line.Received + 1 : line.Received;
            var outcome = pattern switch { 0 => InspectionOutcome.Resellable, 1 => InspectionOutcome.Damaged, _ => InspectionOutcome.WrongItem };
            if (pattern == 2 && units > 1)
            {
                inspections.Add(new LineInspection(line.LineId, InspectionOutcome.Resellable, units - 1));
                units = 1;
            }
            inspections.Add(new LineInspection(line.LineId, outcome, units));
        }
        await f.Service.InspectAsync(id, inspections, "inspector");
    }

    private static void Check(ReturnsFixture f, ReturnId id, OrderRouting.Orders.Order order)
    {
        var r = f.Get(id);
        Assert.True(Enum.IsDefined(r.State), $"undeclared state {r.State}");
        Assert.All(r.History, e => Assert.Contains((e.From, e.Trigger, e.To), Declared));
        Assert.Equal(r.State, r.History.Count == 0 ? ReturnState.Requested : r.History[^1].To);
        var terminal = r.History.Select((e, i) => (e, i)).Where(p => p.e.IsTerminal).ToArray();
        Assert.True(terminal.Length <= 1, "more than one terminal transition");
        if (terminal.Length == 1) Assert.Equal(r.History.Count - 1, terminal[0].i);

        var paidForLines = r.Lines.Aggregate(Money.Zero(Currency.Of("EUR")), (sum, l) => sum + l.UnitPrice * (l.Resellable + l.Damaged));
        var cap = paidForLines + (order.ShippingCharge ?? Money.Zero(Currency.Of("EUR")));
        Assert.True(r.Refunded <= cap, $"refunded {r.Refunded} > paid {cap}");
        var paidByGateway = f.Refunds.Paid.Values.Aggregate(Money.Zero(Currency.Of("EUR")), (sum, m) => sum + m);
        Assert.True(paidByGateway <= cap, $"gateway paid {paidByGateway} > paid {cap}");

        foreach (var line in r.Lines)
        {
            Assert.InRange(line.Received, 0, line.Requested);
            Assert.InRange(line.Restocked, 0, line.Resellable);
            Assert.True(line.Resellable + line.Damaged + line.WrongItem <= line.Received);
            Assert.True(f.Stock.RestockedUnits(line.Sku.Value) <= line.Received, $"restocked more of {line.Sku} than received");
        }
    }

    /// <summary>Heals every adapter and drives the return to a terminal state, the way an operator would.</summary>
    private static async Task FinishAsync(ReturnsFixture f, ReturnId id)
    {
        f.Carrier.Down = false;
        f.Stock.Fail = false;
        f.Notifications.Down = false;
        f.Inbound.Down = false;
        f.Refunds.Answer = r => RefundSubmission.Completed("PAY-" + r.IdempotencyKey);
        for (var i = 0; i < 10 && !ReturnLifecycle.IsTerminal(f.Get(id).State); i++)
        {
            var r = f.Get(id);
            switch (r.State)
            {
                case ReturnState.Requested: await f.Service.RejectAsync(id, "operator", "closing the test"); break;
                case ReturnState.Authorised or ReturnState.LabelFailed or ReturnState.LabelIssued: await f.Service.CancelAsync(id, "customer"); break;
                case ReturnState.InTransit:
                    await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "final-" + i,
                        r.Lines.Where(l => l.Received < l.Requested).Select(l => new ReturnedLine(l.LineId, l.Requested - l.Received)).ToArray()));
                    break;
                case ReturnState.PartiallyReceived or ReturnState.Received:
                    await f.Service.InspectAsync(id, r.Lines.Where(l => l.Received > 0).Select(l => new LineInspection(l.LineId, InspectionOutcome.Resellable, l.Received)).ToArray(), "inspector");
                    break;
                case ReturnState.Inspected or ReturnState.ResolutionFailed: await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer"); break;
                case ReturnState.ResolutionPending: await f.Service.ConfirmRefundAsync(new RefundConfirmation("final-" + i, id, true, "PAY-final")); break;
            }
        }
        await f.Service.RetryAsync(id);
        Assert.Empty(f.Get(id).PendingEffects);
    }
}
