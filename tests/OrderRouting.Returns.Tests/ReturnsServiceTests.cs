using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Returns.Tests.Support;

namespace OrderRouting.Returns.Tests;

public class ReturnsServiceTests
{
    private static readonly ReturnedLine ThreeOfA = new("1", 3);

    [Fact]
    public async Task OpenAsync_UnderAutoAuthorisationLimit_AuthorisesRoutesAndIssuesLabel()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);

        var r = f.Get(id);
        Assert.Equal(ReturnState.LabelIssued, r.State);
        Assert.Equal("RMA-" + id, r.Rma);
        Assert.Equal(ReturnsFixture.Start + Duration.FromDays(14), r.ShipBy);
        Assert.Equal(FixedRouter.Centre, r.Destination!.Location);
        Assert.Equal("TRK-RMA-" + id, r.Label!.TrackingNumber);
        Assert.Equal([ReturnTrigger.Authorise, ReturnTrigger.IssueLabel], r.History.Select(e => e.Trigger));
        Assert.Equal("policy", r.History[0].Actor);
        Assert.Equal([NotificationTopics.ReturnAuthorised, NotificationTopics.ReturnLabelIssued], f.Notifications.Sent.Select(n => n.Topic));
        var notice = Assert.Single(f.Inbound.Notices);
        Assert.Equal(new StockLine(FixedRouter.Centre, Sku.Of("SKU-A"), 3), Assert.Single(notice.Lines));
        Assert.Empty(r.PendingEffects);
    }

    [Fact]
    public async Task OpenAsync_AboveAutoAuthorisationLimit_WaitsForReviewThenOperatorAuthorises()
    {
        using var f = new ReturnsFixture(o => o.Policy.AutoAuthoriseUpTo[Currency.Of("EUR")] = 50m);
        var opened = await f.Service.OpenAsync(ReturnsFixture.Opening(lines: ThreeOfA));

        Assert.True(opened.Accepted);
        Assert.Contains("above the automatic authorisation limit of 50 EUR", opened.Reason);
        Assert.Equal(ReturnState.Requested, f.Get(opened.Return).State);

        var result = await f.Service.AuthoriseAsync(opened.Return, "operator:jane", "photos look fine");
        Assert.Equal(ReturnOutcome.Applied, result.Outcome);
        var authorised = f.Get(opened.Return).History[0];
        Assert.Equal(("operator:jane", "photos look fine", ReturnsFixture.Start), (authorised.Actor, authorised.Cause, authorised.At));
    }

    [Fact]
    public async Task OpenAsync_SameKeyTwice_ReturnsFirstAnswerAndOpensOnce()
    {
        using var f = new ReturnsFixture();
        var first = await f.Service.OpenAsync(ReturnsFixture.Opening(lines: ThreeOfA));
        var second = await f.Service.OpenAsync(ReturnsFixture.Opening(lines: ThreeOfA));
        Assert.Same(first, second);
        Assert.Single(f.Carrier.Requests);
    }

    [Fact]
    public async Task OpenAsync_MoreUnitsThanOrderedAcrossReturns_RefusedNamingTheLine()
    {
        using var f = new ReturnsFixture();
        await f.OpenAuthorisedAsync(new ReturnedLine("1", 2));
        var second = await f.Service.OpenAsync(ReturnsFixture.Opening("open-2", lines: new ReturnedLine("1", 2)));
        Assert.False(second.Accepted);
        Assert.Equal("Lines[0].Quantity: 2 unit(s) of line 1 exceed the 3 ordered (2 already under return)", second.Reason);
    }

    [Fact]
    public async Task OpenAsync_CancelledReturn_GivesUnitsBackForANewReturn()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        await f.Service.CancelAsync(id, "customer", "kept it after all");
        var again = await f.Service.OpenAsync(ReturnsFixture.Opening("open-2", lines: ThreeOfA));
        Assert.True(again.Accepted, again.Reason);
    }

    [Fact]
    public async Task OpenAsync_UnknownLine_Refused()
    {
        using var f = new ReturnsFixture();
        var opened = await f.Service.OpenAsync(ReturnsFixture.Opening(lines: new ReturnedLine("9", 1)));
        Assert.Equal((false, "Lines[0].LineId: order web-1001 has no line \"9\""), (opened.Accepted, opened.Reason));
    }

    [Fact]
    public async Task OpenAsync_LabelServiceDown_LabelFailedThenRetryIssuesLabel()
    {
        using var f = new ReturnsFixture();
        f.Carrier.Down = true;
        var id = await f.OpenAuthorisedAsync(ThreeOfA);

        var failed = f.Get(id);
        Assert.Equal(ReturnState.LabelFailed, failed.State);
        Assert.Equal("label service failed: 503 label service unavailable", failed.LastError);
        Assert.Equal("label service failed: 503 label service unavailable", failed.History[^1].Cause);

        Assert.Equal(ReturnOutcome.AdapterFailed, (await f.Service.RetryAsync(id)).Outcome);
        Assert.Equal(ReturnState.LabelFailed, f.Get(id).State);

        f.Carrier.Down = false;
        var retried = await f.Service.RetryAsync(id);
        Assert.Equal((ReturnOutcome.Applied, ReturnState.LabelIssued), (retried.Outcome, retried.State));
        Assert.All(f.Carrier.Requests, r => Assert.Equal(id + ":label", r.IdempotencyKey));
        Assert.Equal("", f.Get(id).LastError);
    }

    [Fact]
    public async Task RecordReceiptAsync_TwoOfThreeThenTheLast_PartiallyReceivedThenReceived()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);

        var partial = await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-1", new ReturnedLine("1", 2)));
        Assert.Equal(ReturnState.PartiallyReceived, partial.State);
        Assert.Equal(2, f.Get(id).Lines[0].Received);

        var rest = await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-2", new ReturnedLine("1", 1)));
        Assert.Equal(ReturnState.Received, rest.State);
    }

    [Fact]
    public async Task InspectAsync_PartlyReceived_CountsTheRestAsMissingAndRefundsOnlyWhatArrived()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-1", new ReturnedLine("1", 2)));

        await f.Service.InspectAsync(id, [new LineInspection("1", InspectionOutcome.Resellable, 2)], "inspector:ana");
        var line = f.Get(id).Lines[0];
        Assert.Equal((2, 1, 2), (line.Resellable, line.Missing, line.Restocked));

        await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer");
        Assert.Equal(Money.Of(40m, "EUR"), Assert.Single(f.Refunds.Requests).Amount);
        Assert.Equal(ReturnState.Closed, f.Get(id).State);
    }

    [Fact]
    public async Task RecordReceiptAsync_MoreThanOutstanding_RefusedAndNothingChanges()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        var result = await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-1", new ReturnedLine("1", 4)));
        Assert.Equal(ReturnOutcome.Refused, result.Outcome);
        Assert.Equal("Lines[0].Quantity: 4 unit(s) of line 1 exceed the 3 outstanding", result.Message);
        Assert.Equal((ReturnState.LabelIssued, 0), (f.Get(id).State, f.Get(id).Lines[0].Received));
    }

    [Fact]
    public async Task RecordReceiptAsync_BeforeAnyScan_AcceptedAndTheLateScanChangesNothing()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-1", ThreeOfA));

        var scan = await f.Service.RecordScanAsync(new CarrierScan("scan-1", id, "dhl", "TRK", ReturnsFixture.Start));
        Assert.Equal((ReturnOutcome.Ignored, ReturnState.Received), (scan.Outcome, scan.State));
        Assert.Equal(ReturnTrigger.Receive, f.Get(id).History[^1].Trigger);
    }

    [Fact]
    public async Task RecordScanAsync_SameKeyTwice_SecondIsANoOp()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        var scan = new CarrierScan("scan-1", id, "dhl", "TRK", ReturnsFixture.Start);

        var first = await f.Service.RecordScanAsync(scan);
        var events = f.Events.Count;
        var second = await f.Service.RecordScanAsync(scan);

        Assert.Equal((ReturnOutcome.Applied, ReturnState.InTransit), (first.Outcome, first.State));
        Assert.Equal(ReturnOutcome.Duplicate, second.Outcome);
        Assert.Equal(events, f.Events.Count);
    }

    [Fact]
    public async Task RecordReceiptAsync_SameKeyTwice_CountsOnce()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        var receipt = ReturnsFixture.Receipt(id, "rcpt-1", new ReturnedLine("1", 2));
        await f.Service.RecordReceiptAsync(receipt);
        var again = await f.Service.RecordReceiptAsync(receipt);
        Assert.Equal(ReturnOutcome.Duplicate, again.Outcome);
        Assert.Equal(2, f.Get(id).Lines[0].Received);
    }

    [Fact]
    public async Task RecordReceiptAsync_ClosedReturn_RefusedNamingStateAndTrigger()
    {
        using var f = new ReturnsFixture();
        var id = await ReceivedAndInspectedAsync(f);
        await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer");

        var late = await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-late", new ReturnedLine("1", 1)));
        Assert.Equal(ReturnOutcome.Refused, late.Outcome);
        Assert.Equal("Lines[0].Quantity: 1 unit(s) of line 1 exceed the 0 outstanding", late.Message);
    }

    [Fact]
    public async Task ResolveAsync_BeforeReceipt_RefusedNamingStateAndTrigger()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        var events = f.Events.Count;
        var result = await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer");
        Assert.Equal(ReturnOutcome.Refused, result.Outcome);
        Assert.Equal("Trigger SubmitResolution is not allowed in state LabelIssued.", result.Message);
        Assert.Equal((ReturnState.LabelIssued, events), (f.Get(id).State, f.Events.Count));
        Assert.Empty(f.Refunds.Requests);
    }

    [Fact]
    public async Task InspectAsync_MixedOutcomes_RestocksResellableAtReceivingLocationAndWritesOffDamaged()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA, new ReturnedLine("2", 1));
        await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-1", ThreeOfA, new ReturnedLine("2", 1)));

        await f.Service.InspectAsync(id,
        [
            new LineInspection("1", InspectionOutcome.Resellable, 2),
            new LineInspection("1", InspectionOutcome.Damaged, 1),
            new LineInspection("2", InspectionOutcome.WrongItem, 1),
        ], "inspector:ana");

        var restock = Assert.Single(f.Stock.Restocks);
        Assert.Equal(new StockLine(FixedRouter.Centre, Sku.Of("SKU-A"), 2), restock.Line);
        var r = f.Get(id);
        Assert.Equal(ReturnState.Inspected, r.State);
        Assert.Equal("2 resellable, 1 damaged (written off), 1 wrong item, 0 missing", r.History[^1].Cause);
        Assert.Equal((2, 1, 2), (r.Lines[0].Resellable, r.Lines[0].Damaged, r.Lines[0].Restocked));
    }

    [Fact]
    public async Task InspectAsync_NotEveryReceivedUnit_Refused()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-1", ThreeOfA));
        var result = await f.Service.InspectAsync(id, [new LineInspection("1", InspectionOutcome.Resellable, 2)], "inspector");
        Assert.Equal("inspections: line 1 has 3 unit(s) received and 2 inspected; inspect each received unit once", result.Message);
        Assert.Equal(ReturnState.Received, f.Get(id).State);
    }

    [Fact]
    public async Task InspectAsync_OnlyWrongItems_ClosesWithoutRefund()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-1", ThreeOfA));
        await f.Service.InspectAsync(id, [new LineInspection("1", InspectionOutcome.WrongItem, 3)], "inspector");
        Assert.Equal(ReturnState.Closed, f.Get(id).State);
        Assert.Empty(f.Refunds.Requests);
        Assert.Empty(f.Stock.Restocks);
    }

    [Fact]
    public async Task InspectAsync_LedgerDown_RestockStaysPendingAndRetryDeliversItOnce()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-1", ThreeOfA));
        f.Stock.Fail = true;
        await f.Service.InspectAsync(id, [new LineInspection("1", InspectionOutcome.Resellable, 3)], "inspector");

        var pending = f.Get(id);
        Assert.Equal(["restock 3 x SKU-A at returns-centre"], pending.PendingEffects);
        Assert.Equal("restock 3 x SKU-A at returns-centre: ledger unavailable", pending.LastError);

        f.Stock.Fail = false;
        await f.Service.RetryAsync(id);
        await f.Service.RetryAsync(id);
        Assert.Equal(3, f.Stock.RestockedUnits("SKU-A"));
        Assert.Equal(3, f.Get(id).Lines[0].Restocked);
        Assert.Empty(f.Get(id).PendingEffects);
    }

    [Fact]
    public async Task ResolveAsync_RefundWithRestockingFee_PaysQuoteAndCloses()
    {
        using var f = new ReturnsFixture(o => o.Policy.RestockingFeePercent = 10m);
        var id = await ReceivedAndInspectedAsync(f);

        var result = await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer");

        Assert.Equal((ReturnOutcome.Applied, ReturnState.Closed), (result.Outcome, result.State));
        var request = Assert.Single(f.Refunds.Requests);
        Assert.Equal((Money.Of(54m, "EUR"), RefundMethod.OriginalPayment), (request.Amount, request.Method));
        Assert.Equal(Money.Of(54m, "EUR"), f.Get(id).Refunded);
        Assert.Equal(
            [ReturnTrigger.SubmitResolution, ReturnTrigger.CompleteResolution, ReturnTrigger.Close],
            f.Get(id).History.TakeLast(3).Select(e => e.Trigger));
        Assert.Contains(f.Notifications.Sent, n => n.Topic == NotificationTopics.Refunded && n.Data["amount"] == "54 EUR");
    }

    [Fact]
    public async Task ResolveAsync_WholeOrderReturned_RefundsShippingToo()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA, new ReturnedLine("2", 1), new ReturnedLine("3", 2));
        await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "r", ThreeOfA, new ReturnedLine("2", 1), new ReturnedLine("3", 2)));
        await f.Service.InspectAsync(id,
        [
            new LineInspection("1", InspectionOutcome.Resellable, 3), new LineInspection("2", InspectionOutcome.Resellable, 1),
            new LineInspection("3", InspectionOutcome.Damaged, 2),
        ], "inspector");
        await f.Service.ResolveAsync(id, ReturnResolution.StoreCredit, "customer");

        var request = Assert.Single(f.Refunds.Requests);
        Assert.Equal((Money.Of(124.90m, "EUR"), RefundMethod.StoreCredit), (request.Amount, request.Method));
    }

    [Fact]
    public async Task ResolveAsync_RefundDeclined_ResolutionFailedThenRetryWithNewKey()
    {
        using var f = new ReturnsFixture();
        var id = await ReceivedAndInspectedAsync(f);
        f.Refunds.Answer = _ => RefundSubmission.Declined("card expired");

        var declined = await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer");
        Assert.Equal((ReturnOutcome.AdapterFailed, ReturnState.ResolutionFailed), (declined.Outcome, declined.State));
        Assert.Equal("refund declined: card expired", f.Get(id).LastError);

        f.Refunds.Answer = r => RefundSubmission.Completed("PAY-" + r.IdempotencyKey);
        var retried = await f.Service.RetryAsync(id);
        Assert.Equal(ReturnState.Closed, retried.State);
        Assert.Equal([id + ":refund:1", id + ":refund:2"], f.Refunds.Requests.Select(r => r.IdempotencyKey));
        Assert.Equal(Money.Of(60m, "EUR"), f.Get(id).Refunded);
    }

    [Fact]
    public async Task ResolveAsync_GatewayThrows_RetryReusesTheKeySoNothingIsPaidTwice()
    {
        using var f = new ReturnsFixture();
        var id = await ReceivedAndInspectedAsync(f);
        f.Refunds.Answer = _ => throw new TimeoutException("gateway timed out");

        var failed = await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer");
        Assert.Equal(ReturnState.ResolutionFailed, failed.State);
        Assert.Equal("refund gateway failed: gateway timed out", failed.Message);

        f.Refunds.Answer = r => RefundSubmission.Completed("PAY-" + r.IdempotencyKey);
        await f.Service.RetryAsync(id);
        Assert.Equal([id + ":refund:1", id + ":refund:1"], f.Refunds.Requests.Select(r => r.IdempotencyKey));
    }

    [Fact]
    public async Task ConfirmRefundAsync_PendingRefund_ConfirmedOnceAndDuplicatesAreNoOps()
    {
        using var f = new ReturnsFixture();
        var id = await ReceivedAndInspectedAsync(f);
        f.Refunds.Answer = _ => RefundSubmission.Pending("PAY-77");
        var submitted = await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer");
        Assert.Equal(ReturnState.ResolutionPending, submitted.State);
        Assert.Equal(Money.Of(0m, "EUR"), f.Get(id).Refunded);

        var confirmed = await f.Service.ConfirmRefundAsync(new RefundConfirmation("hook-1", id, true, "PAY-77"));
        var sameKey = await f.Service.ConfirmRefundAsync(new RefundConfirmation("hook-1", id, true, "PAY-77"));
        var otherKey = await f.Service.ConfirmRefundAsync(new RefundConfirmation("hook-2", id, true, "PAY-77"));

        Assert.Equal((ReturnOutcome.Applied, ReturnState.Closed), (confirmed.Outcome, confirmed.State));
        Assert.Equal(ReturnOutcome.Duplicate, sameKey.Outcome);
        Assert.Equal(ReturnOutcome.Duplicate, otherKey.Outcome);
        Assert.Equal(Money.Of(60m, "EUR"), f.Get(id).Refunded);
    }

    [Fact]
    public async Task ConfirmRefundAsync_NothingPending_RefusedNamingStateAndTrigger()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        var result = await f.Service.ConfirmRefundAsync(new RefundConfirmation("hook-1", id, true, "PAY-1"));
        Assert.Equal(ReturnOutcome.Refused, result.Outcome);
        Assert.Equal("Trigger CompleteResolution is not allowed in state LabelIssued.", result.Message);
    }

    [Fact]
    public async Task CancelAsync_BeforeShipping_CancelledAndAfterScanRefused()
    {
        using var f = new ReturnsFixture();
        var a = await f.OpenAuthorisedAsync(new ReturnedLine("1", 1));
        var cancelled = await f.Service.CancelAsync(a, "customer");
        Assert.Equal(ReturnState.Cancelled, cancelled.State);

        var b = await f.Service.OpenAsync(ReturnsFixture.Opening("open-2", lines: new ReturnedLine("2", 1)));
        await f.Service.RecordScanAsync(new CarrierScan("scan-1", b.Return, "dhl", "TRK", ReturnsFixture.Start));
        var refused = await f.Service.CancelAsync(b.Return, "customer");
        Assert.Equal((ReturnOutcome.Refused, ReturnState.InTransit), (refused.Outcome, refused.State));
        Assert.Equal("Trigger Cancel is not allowed in state InTransit.", refused.Message);
    }

    [Fact]
    public async Task ExpireOverdueAsync_AfterShipBy_ExpiresOnlyUnshippedReturns()
    {
        using var f = new ReturnsFixture();
        var unshipped = await f.OpenAuthorisedAsync(new ReturnedLine("1", 1));
        var shipped = (await f.Service.OpenAsync(ReturnsFixture.Opening("open-2", lines: new ReturnedLine("2", 1)))).Return;
        await f.Service.RecordScanAsync(new CarrierScan("scan-1", shipped, "dhl", "TRK", ReturnsFixture.Start));

        f.Clock.Advance(Duration.FromDays(14) - Duration.Epsilon);
        Assert.Equal(0, await f.Service.ExpireOverdueAsync());
        f.Clock.Advance(Duration.Epsilon);
        Assert.Equal(1, await f.Service.ExpireOverdueAsync());

        Assert.Equal(ReturnState.Expired, f.Get(unshipped).State);
        Assert.Equal(("system:expiry", ReturnsFixture.Start + Duration.FromDays(14)), (f.Get(unshipped).History[^1].Actor, f.Get(unshipped).History[^1].At));
        Assert.Equal(ReturnState.InTransit, f.Get(shipped).State);
    }

    [Fact]
    public async Task ResolveAsync_AdvanceExchange_HoldsStockAtOnceAndHandsTheHoldToTheExchangeOrder()
    {
        using var f = new ReturnsFixture(o =>
        {
            o.AdvanceExchange.Enabled = true;
            o.AdvanceExchange.MaxValue[Currency.Of("EUR")] = 100m;
        });
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        var replacement = new StockLine(LocationId.Of("eu-1"), Sku.Of("SKU-A-L"), 3);

        var held = await f.Service.HoldAdvanceExchangeAsync(id, [replacement], "customer");
        Assert.Equal(ReturnOutcome.Applied, held.Outcome);
        var hold = Assert.Single(f.Stock.Holds);
        Assert.Equal(Duration.FromDays(21), hold.Value.TimeToLive);

        await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "r", ThreeOfA));
        await f.Service.InspectAsync(id, [new LineInspection("1", InspectionOutcome.Resellable, 3)], "inspector");
        var resolved = await f.Service.ResolveAsync(id, ReturnResolution.Exchange([new ExchangeLine("1", Sku.Of("SKU-A-L"), 3)]), "customer");

        Assert.Equal(ReturnState.Closed, resolved.State);
        var placed = Assert.Single(f.Exchanges.Requests);
        Assert.Equal(hold.Key, placed.AdvanceHold);
        Assert.Empty(f.Stock.Released);
        Assert.Equal(OrderId.Of("X-" + id), f.Get(id).ExchangeOrder);
        Assert.Equal(Money.Of(0m, "EUR"), f.Get(id).Refunded);
    }

    [Fact]
    public async Task CancelAsync_WithAdvanceExchangeHold_ReleasesTheHold()
    {
        using var f = new ReturnsFixture(o =>
        {
            o.AdvanceExchange.Enabled = true;
            o.AdvanceExchange.MaxValue[Currency.Of("EUR")] = 100m;
        });
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        await f.Service.HoldAdvanceExchangeAsync(id, [new StockLine(LocationId.Of("eu-1"), Sku.Of("SKU-A"), 3)], "customer");
        await f.Service.CancelAsync(id, "customer");
        Assert.Equal([HoldId.Of(id + ":advance-exchange")], f.Stock.Released);
        Assert.Null(f.Get(id).AdvanceHold);
    }

    [Fact]
    public async Task HoldAdvanceExchangeAsync_AboveLimitOrDisabled_RefusedWithPolicyReason()
    {
        using var disabled = new ReturnsFixture();
        var a = await disabled.OpenAuthorisedAsync(ThreeOfA);
        var refused = await disabled.Service.HoldAdvanceExchangeAsync(a, [new StockLine(LocationId.Of("eu-1"), Sku.Of("SKU-A"), 3)], "customer");
        Assert.Equal((ReturnOutcome.Refused, "advance exchanges are not enabled"), (refused.Outcome, refused.Message));

        using var limited = new ReturnsFixture(o =>
        {
            o.AdvanceExchange.Enabled = true;
            o.AdvanceExchange.MaxValue[Currency.Of("EUR")] = 59.99m;
        });
        var b = await limited.OpenAuthorisedAsync(ThreeOfA);
        var above = await limited.Service.HoldAdvanceExchangeAsync(b, [new StockLine(LocationId.Of("eu-1"), Sku.Of("SKU-A"), 3)], "customer");
        Assert.Equal("value 60 EUR is above the advance exchange limit of 59.99 EUR", above.Message);
        Assert.Empty(limited.Stock.Holds);
    }

    [Fact]
    public async Task HoldAdvanceExchangeAsync_NotEnoughStock_AdapterFailedAndStateUnchanged()
    {
        using var f = new ReturnsFixture(o =>
        {
            o.AdvanceExchange.Enabled = true;
            o.AdvanceExchange.MaxValue[Currency.Of("EUR")] = 100m;
        });
        f.Stock.Short = true;
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        var result = await f.Service.HoldAdvanceExchangeAsync(id, [new StockLine(LocationId.Of("eu-1"), Sku.Of("SKU-A"), 3)], "customer");
        Assert.Equal((ReturnOutcome.AdapterFailed, ReturnState.LabelIssued), (result.Outcome, result.State));
        Assert.Equal("replacement stock not held: InsufficientStock not enough stock", result.Message);
    }

    [Fact]
    public async Task ResolveAsync_ExchangeMoreThanQualifies_Refused()
    {
        using var f = new ReturnsFixture();
        var id = await ReceivedAndInspectedAsync(f);
        var result = await f.Service.ResolveAsync(id, ReturnResolution.Exchange([new ExchangeLine("1", Sku.Of("SKU-A-L"), 4)]), "customer");
        Assert.Equal("ExchangeLines[0].Quantity: line 1 has 3 unit(s) that qualify, 4 exchanged", result.Message);
        Assert.Equal(ReturnState.Inspected, result.State);
    }

    [Fact]
    public async Task ResolveAsync_ExchangeRefused_ResolutionFailedThenRefundInstead()
    {
        using var f = new ReturnsFixture();
        var id = await ReceivedAndInspectedAsync(f);
        f.Exchanges.Answer = _ => ExchangePlacement.Refused("replacement discontinued");
        var failed = await f.Service.ResolveAsync(id, ReturnResolution.Exchange([new ExchangeLine("1", Sku.Of("SKU-A-L"), 3)]), "customer");
        Assert.Equal((ReturnState.ResolutionFailed, "exchange order refused: replacement discontinued"), (failed.State, failed.Message));

        var refunded = await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer");
        Assert.Equal(ReturnState.Closed, refunded.State);
        Assert.Equal(ResolutionKind.Refund, f.Get(id).Resolution);
    }

    [Fact]
    public async Task Notifications_SinkDown_KeptPendingAndDeliveredOnRetry()
    {
        using var f = new ReturnsFixture();
        f.Notifications.Down = true;
        f.Inbound.Down = true;
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        Assert.Equal(
            ["notify customer: return-authorised", "notify customer: return-label-issued", "tell returns-centre that RMA-" + id + " is inbound"],
            f.Get(id).PendingEffects);

        f.Notifications.Down = false;
        f.Inbound.Down = false;
        var retried = await f.Service.RetryAsync(id);
        Assert.Equal(ReturnOutcome.Applied, retried.Outcome);
        Assert.Equal(2, f.Notifications.Sent.Count);
        Assert.Single(f.Inbound.Notices);
        Assert.Empty(f.Get(id).PendingEffects);
    }

    [Fact]
    public async Task Events_EveryTransition_PublishedInOrderAndCompletedOnDispose()
    {
        var f = new ReturnsFixture();
        var completed = false;
        f.Service.Events.Subscribe(_ => { }, () => completed = true);
        var id = await ReceivedAndInspectedAsync(f);
        await f.Service.ResolveAsync(id, ReturnResolution.Refund, "customer");

        Assert.Equal(f.Get(id).History, f.Events);
        Assert.Equal(Enumerable.Range(1, f.Events.Count), f.Events.Select(e => e.Sequence));
        Assert.True(f.Events.Zip(f.Events.Skip(1)).All(p => p.First.To == p.Second.From));
        Assert.True(f.Events[^1].IsTerminal);
        f.Dispose();
        Assert.True(completed);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await f.Service.CancelAsync(id, "customer"));
    }

    [Fact]
    public async Task Find_FromAnEventSubscriber_SeesTheFinishedCommandWithoutWaiting()
    {
        using var f = new ReturnsFixture();
        var seen = new List<ReturnState?>();
        f.Service.Events.Subscribe(e => seen.Add(f.Service.Find(e.Return)?.State));
        var open = f.Service.OpenAsync(ReturnsFixture.Opening(lines: ThreeOfA)).AsTask();
        Assert.Same(open, await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(2))));
        Assert.Equal([ReturnState.LabelIssued, ReturnState.LabelIssued], seen);
        Assert.Equal(ReturnState.LabelIssued, f.Get((await open).Return).State);
    }

    [Fact]
    public async Task Events_SubscriberThrows_ReturnStaysConsistentAndCallerSeesTheError()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        using var faulty = f.Service.Events.Subscribe(e =>
        {
            if (e.Trigger == ReturnTrigger.Receive) throw new InvalidOperationException("audit store down");
        });

        var error = await Assert.ThrowsAsync<AggregateException>(async () =>
            await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-1", ThreeOfA)));

        Assert.Equal("audit store down", Assert.Single(error.InnerExceptions).Message);
        var r = f.Get(id);
        Assert.Equal((ReturnState.Received, 3, FixedRouter.Centre), (r.State, r.Lines[0].Received, r.ReceivedAt));
        Assert.Contains(f.Notifications.Sent, n => n.Topic == NotificationTopics.ReturnReceived);
    }

    [Fact]
    public async Task Commands_UnknownReturn_NotFound()
    {
        using var f = new ReturnsFixture();
        var result = await f.Service.CancelAsync(ReturnId.Of("R-404"), "customer");
        Assert.Equal(ReturnOutcome.NotFound, result.Outcome);
        Assert.Null(f.Service.Find(ReturnId.Of("R-404")));
    }

    [Fact]
    public async Task Commands_ConcurrentCallbacksOnOneReturn_AppliedOneAtATime()
    {
        using var f = new ReturnsFixture();
        var id = await f.OpenAuthorisedAsync(new ReturnedLine("1", 3), new ReturnedLine("3", 2));
        var receipts = new[] { ("1", 1), ("1", 1), ("1", 1), ("3", 1), ("3", 1) }
            .Select((l, i) => ReturnsFixture.Receipt(id, "rcpt-" + i, new ReturnedLine(l.Item1, l.Item2)))
            .ToArray();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var tasks = receipts.Concat(receipts)
            .Select(r => Task.Run(async () => await f.Service.RecordReceiptAsync(r, cancel.Token)))
            .ToArray();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(5, results.Count(r => r.Outcome == ReturnOutcome.Applied));
        Assert.Equal(5, results.Count(r => r.Outcome == ReturnOutcome.Duplicate));
        Assert.Equal(ReturnState.Received, f.Get(id).State);
        Assert.Equal(5, f.Get(id).Lines.Sum(l => l.Received));
    }

    private static async Task<ReturnId> ReceivedAndInspectedAsync(ReturnsFixture f)
    {
        var id = await f.OpenAuthorisedAsync(ThreeOfA);
        await f.Service.RecordReceiptAsync(ReturnsFixture.Receipt(id, "rcpt-all", ThreeOfA));
        await f.Service.InspectAsync(id, [new LineInspection("1", InspectionOutcome.Resellable, 3)], "inspector");
        return id;
    }
}
