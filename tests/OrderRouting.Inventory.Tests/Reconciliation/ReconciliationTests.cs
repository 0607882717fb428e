using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Reconciliation;
using OrderRouting.Inventory.Storage;
using OrderRouting.Ports;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Reconciliation;

public class ReconciliationTests
{
    /// <summary>10 on hand; holds h1 (3, oldest), h2 (4), h3 (2, newest).</summary>
    private static LedgerTestKit ThreeHolds(LedgerTestKit? kit = null)
    {
        kit ??= new LedgerTestKit();
        kit.Stock(Eu1, A, 10);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 3), Hour);
        kit.Ledger.ReserveCart("r2", Hold("h2"), [Line(Eu1, A, 4)], Hour);
        kit.Ledger.Reserve("r3", Hold("h3"), Line(Eu1, A, 2), Hour);
        return kit;
    }

    [Fact]
    public void RecordCount_BelowReserved_ReportsNewestHoldsShortFirst()
    {
        using var kit = ThreeHolds();

        var result = kit.Ledger.RecordCount("count-1", Eu1, A, 5);

        Assert.True(result.IsAccepted);
        Assert.Equal(-5, result.Delta);
        Assert.Equal(new StockBalance(Eu1, A, 5, 9, 0), result.Balance);
        Assert.Equal([new ShortHold(Hold("h3"), Eu1, A, 2), new ShortHold(Hold("h2"), Eu1, A, 2)], result.ShortHolds);
        Assert.Equal(0, kit.Ledger.GetSellable(Eu1, A));
        Assert.Equal(LedgerStatus.InsufficientStock, kit.Ledger.Reserve("r4", Hold("h4"), Line(Eu1, A, 1), Hour).Status);
        var entry = kit.Store.ReadAfter(0)[^1];
        Assert.Equal((LedgerEntryKind.Adjustment, -5, AdjustmentReason.CycleCount), (entry.Kind, entry.Quantity, entry.Reason));
    }

    [Fact]
    public void RecordCount_AgreesWithLedger_RecordsZeroAdjustmentAndNoShortHolds()
    {
        using var kit = ThreeHolds();
        var result = kit.Ledger.RecordCount("count-1", Eu1, A, 10);

        Assert.Equal((0, false), (result.Delta, result.HasShortfall));
        Assert.Equal(1, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void RecordCount_Repeated_ReturnsOriginalReportAndChangesNothing()
    {
        using var kit = ThreeHolds();
        var first = kit.Ledger.RecordCount("count-1", Eu1, A, 5);
        var sequence = kit.Ledger.LastSequence;

        var again = kit.Ledger.RecordCount("count-1", Eu1, A, 5);

        Assert.True(again.IsReplay);
        Assert.Equal(first.ShortHolds, again.ShortHolds);
        Assert.Equal(sequence, kit.Ledger.LastSequence);
    }

    [Fact]
    public void Adjust_CustomPolicy_DecidesWhichHoldsAreShort()
    {
        var kit = new LedgerTestKit();
        kit.Ledger.Dispose();
        using var ledger = new StockLedger(kit.Options, kit.Clock, new InMemoryLedgerStore(), new CartsFirstShortHoldPolicy());
        ledger.Receive("p", Eu1, A, 10);
        ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 3), Hour);
        ledger.ReserveCart("r2", Hold("h2"), [Line(Eu1, A, 4)], Hour);
        ledger.Reserve("r3", Hold("h3"), Line(Eu1, A, 2), Hour);

        var result = ledger.Adjust("a1", Eu1, A, -6, AdjustmentReason.Damage);

        Assert.Equal([new ShortHold(Hold("h2"), Eu1, A, 4), new ShortHold(Hold("h3"), Eu1, A, 1)], result.ShortHolds);
    }

    [Fact]
    public void Commit_ShortHoldAfterCount_IsInsufficientStockAndOnHandNeverNegative()
    {
        using var kit = ThreeHolds();
        kit.Ledger.RecordCount("count-1", Eu1, A, 2);

        var result = kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 3));

        Assert.Equal(LedgerStatus.InsufficientStock, result.Status);
        Assert.Equal([new StockLine(Eu1, A, 1)], result.Shortages);
        Assert.Equal(2, kit.Ledger.GetBalance(Eu1, A).OnHand);
        Assert.True(kit.Ledger.Commit("c2", Hold("h1"), Line(Eu1, A, 2)).IsAccepted);
    }

    public static TheoryData<int, AdjustmentReason, LedgerStatus, string> BadAdjustments => new()
    {
        { 0, AdjustmentReason.Damage, LedgerStatus.InvalidRequest, "The adjustment must change on hand; the delta was 0." },
        { -1, AdjustmentReason.None, LedgerStatus.InvalidRequest, "An adjustment needs a reason, was None." },
        { -11, AdjustmentReason.Damage, LedgerStatus.InvalidRequest,
            "The adjustment would take on hand of SKU-A at eu-1 from 10 to -1, outside [0, 2147483647]; nothing was done." },
    };

    [Theory]
    [MemberData(nameof(BadAdjustments))]
    public void Adjust_BadInput_RefusedAndNothingChanges(int delta, AdjustmentReason reason, LedgerStatus status, string message)
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        var sequence = kit.Ledger.LastSequence;

        var result = kit.Ledger.Adjust("a1", Eu1, A, delta, reason);

        Assert.Equal((status, message), (result.Status, result.Message));
        Assert.Equal(new StockBalance(Eu1, A, 10, 0, 0), result.Balance);
        Assert.Equal(sequence, kit.Ledger.LastSequence);
    }

    [Fact]
    public void Adjust_UnknownSkuOrLocation_SpecificStatus()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        Assert.Equal(LedgerStatus.UnknownSku, kit.Ledger.Adjust("a1", Eu1, B, 1, AdjustmentReason.Correction).Status);
        Assert.Equal(LedgerStatus.UnknownLocation, kit.Ledger.Adjust("a2", Unknown, A, 1, AdjustmentReason.Correction).Status);
        Assert.Equal(LedgerStatus.InvalidRequest, kit.Ledger.RecordCount("c1", Eu1, A, -1).Status);
    }
}
