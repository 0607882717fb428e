using NodaTime;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Ports;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Ledger;

public class CommitReleaseTests
{
    private static LedgerTestKit HeldKit()
    {
        var kit = new LedgerTestKit().Stock(Eu1, A, 10).Stock(Eu2, B, 10);
        var held = kit.Ledger.Reserve("r1", Hold("h1"), [Line(Eu1, A, 4), Line(Eu2, B, 2)], Hour);
        Assert.True(held.IsAccepted);
        return kit;
    }

    [Fact]
    public void Commit_EverythingHeld_ShipsAndResolvesCommitted()
    {
        using var kit = HeldKit();
        var result = kit.Ledger.Commit("c1", Hold("h1"), [Line(Eu1, A, 4), Line(Eu2, B, 2)]);

        Assert.True(result.IsAccepted);
        Assert.Equal(new StockBalance(Eu1, A, 6, 0, 0), kit.Ledger.GetBalance(Eu1, A));
        Assert.Equal(new StockBalance(Eu2, B, 8, 0, 0), kit.Ledger.GetBalance(Eu2, B));
        Assert.Equal(HoldState.Committed, kit.Ledger.GetHold(Hold("h1"))!.State);
        Assert.Equal(6, kit.Ledger.GetHold(Hold("h1"))!.CommittedUnits);
    }

    [Fact]
    public void Commit_PartOfTheHold_ReleasesTheRestByDefault()
    {
        using var kit = HeldKit();
        Assert.True(kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 3)).IsAccepted);

        Assert.Equal(new StockBalance(Eu1, A, 7, 0, 0), kit.Ledger.GetBalance(Eu1, A));
        Assert.Equal(new StockBalance(Eu2, B, 10, 0, 0), kit.Ledger.GetBalance(Eu2, B));
        Assert.Equal(HoldState.Committed, kit.Ledger.GetHold(Hold("h1"))!.State);
        var kinds = kit.Store.ReadAfter(0).Select(e => e.Kind).TakeLast(3);
        Assert.Equal([LedgerEntryKind.Commit, LedgerEntryKind.Release, LedgerEntryKind.Release], kinds);
    }

    [Fact]
    public void Commit_PartKeepingTheRest_LeavesHoldOpenWithRemainder()
    {
        using var kit = HeldKit();
        Assert.True(kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 3), releaseRemainder: false).IsAccepted);

        var hold = kit.Ledger.GetHold(Hold("h1"))!;
        Assert.Equal(HoldState.Open, hold.State);
        Assert.Equal([Line(Eu1, A, 1), Line(Eu2, B, 2)], hold.Lines);
        Assert.True(kit.Ledger.Commit("c2", Hold("h1"), [Line(Eu1, A, 1), Line(Eu2, B, 2)]).IsAccepted);
        Assert.Equal(HoldState.Committed, kit.Ledger.GetHold(Hold("h1"))!.State);
    }

    [Fact]
    public void Commit_MoreThanHeld_IsExceedsHoldAndNothingChanges()
    {
        using var kit = HeldKit();
        var before = kit.Ledger.GetBalances();
        var result = kit.Ledger.Commit("c1", Hold("h1"), [Line(Eu1, A, 4), Line(Eu2, B, 3)]);

        Assert.Equal(LedgerStatus.ExceedsHold, result.Status);
        Assert.Equal("Hold h1 has 2 of SKU-B at eu-2; the commit names 3. Nothing was done.", result.Message);
        Assert.Equal(before, kit.Ledger.GetBalances());
        Assert.Equal(HoldState.Open, kit.Ledger.GetHold(Hold("h1"))!.State);
    }

    [Fact]
    public void Commit_UnknownHold_IsUnknownHold()
    {
        using var kit = HeldKit();
        Assert.Equal(LedgerStatus.UnknownHold, kit.Ledger.Commit("c1", Hold("nope"), Line(Eu1, A, 1)).Status);
    }

    [Fact]
    public void Commit_SecondResolutionUnderNewKey_IsAlreadyResolved()
    {
        using var kit = HeldKit();
        kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 4));
        var sequence = kit.Ledger.LastSequence;

        var again = kit.Ledger.Commit("c2", Hold("h1"), Line(Eu1, A, 4));
        var release = kit.Ledger.Release("x1", Hold("h1"));

        Assert.Equal(LedgerStatus.AlreadyResolved, again.Status);
        Assert.StartsWith("Hold h1 was already resolved (committed) at 2026-11-27T09:00:00Z", again.Message);
        Assert.Equal(LedgerStatus.AlreadyResolved, release.Status);
        Assert.Equal(sequence, kit.Ledger.LastSequence);
    }

    [Fact]
    public void Commit_SameKeyRepeated_ReplaysWithoutShippingTwice()
    {
        using var kit = HeldKit();
        kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 4));
        var replay = kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 4));

        Assert.True(replay.IsAccepted && replay.IsReplay);
        Assert.Equal(6, kit.Ledger.GetBalance(Eu1, A).OnHand);
    }

    [Fact]
    public void Release_PartThenRest_ResolvesReleasedOnce()
    {
        using var kit = HeldKit();
        Assert.True(kit.Ledger.Release("x1", Hold("h1"), [Line(Eu1, A, 1)]).IsAccepted);
        Assert.Equal(7, kit.Ledger.GetSellable(Eu1, A));
        Assert.Equal(HoldState.Open, kit.Ledger.GetHold(Hold("h1"))!.State);

        Assert.True(kit.Ledger.Release("x2", Hold("h1")).IsAccepted);
        Assert.Equal(10, kit.Ledger.GetSellable(Eu1, A));
        Assert.Equal(10, kit.Ledger.GetSellable(Eu2, B));
        Assert.Equal(HoldState.Released, kit.Ledger.GetHold(Hold("h1"))!.State);
        Assert.Equal(LedgerStatus.AlreadyResolved, kit.Ledger.Release("x3", Hold("h1")).Status);
    }

    [Fact]
    public void Release_MoreThanHeld_IsExceedsHold()
    {
        using var kit = HeldKit();
        Assert.Equal(LedgerStatus.ExceedsHold, kit.Ledger.Release("x1", Hold("h1"), [Line(Eu1, A, 5)]).Status);
        Assert.Equal(6, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void PortCommands_CommitReleaseRestock_ReturnOutcomes()
    {
        using var kit = HeldKit();
        IStockReservations port = kit.Ledger;
        var arrived = new List<StockArrived>();
        using var subscription = port.Arrivals.Subscribe(arrived.Add);

        Assert.True(port.Commit(new CommitCommand("c1", Hold("h1"), [new StockLine(Eu1, A, 4)], ReleaseRemainder: false)).IsAccepted);
        Assert.True(port.Release(new ReleaseCommand("x1", Hold("h1"))).IsAccepted);
        Assert.Equal(LedgerStatus.AlreadyResolved, port.Release(new ReleaseCommand("x2", Hold("h1"), [new StockLine(Eu2, B, 1)])).Status);
        Assert.True(port.Restock(new RestockCommand("rma-1", new StockLine(Eu1, A, 1), "resellable return")).IsAccepted);
        Assert.True(port.Restock(new RestockCommand("rma-1", new StockLine(Eu1, A, 1), "resellable return")).IsReplay);

        Assert.Equal(7, port.GetSellable(Eu1, A));
        Assert.Equal([new StockArrived(new StockLine(Eu1, A, 1), Start)], arrived);
    }
}
