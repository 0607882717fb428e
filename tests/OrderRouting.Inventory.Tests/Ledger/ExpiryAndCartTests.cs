using NodaTime;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Ports;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Ledger;

public class ExpiryAndCartTests
{
    [Fact]
    public void Hold_ResolvedThenAnotherReserved_TheFirstHoldsExpiryDoesNotTouchTheSecond()
    {
        // A resolved hold's record goes back to the pool at once and the next reserve reuses it, while the expiry queue
        // still has the first hold's item: that item must be recognised as stale.
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        kit.Ledger.Reserve("r1", Hold("h1"), [Line(Eu1, A, 2)], Duration.FromMinutes(10));
        Assert.True(kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 2)).IsAccepted);
        kit.Ledger.Reserve("r2", Hold("h2"), [Line(Eu1, A, 3)], Duration.FromMinutes(30));

        kit.Clock.Advance(Duration.FromMinutes(20));
        Assert.Equal(0, kit.Ledger.ExpireDue());
        Assert.Equal(HoldState.Open, kit.Ledger.GetHold(Hold("h2"))!.State);
        Assert.Equal(HoldState.Committed, kit.Ledger.GetHold(Hold("h1"))!.State);
        Assert.Equal(5, kit.Ledger.GetSellable(Eu1, A));

        kit.Clock.Advance(Duration.FromMinutes(10));
        Assert.Equal(1, kit.Ledger.ExpireDue());
        Assert.Equal(HoldState.Expired, kit.Ledger.GetHold(Hold("h2"))!.State);
        Assert.Equal(8, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void Hold_TimeToLivePasses_ExpiresExactlyOnceAndUnitsBecomeSellable()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 5);
        kit.Ledger.Reserve("r1", Hold("h1"), [Line(Eu1, A, 5)], Duration.FromMinutes(10));

        kit.Clock.Advance(Duration.FromMinutes(10) - Duration.FromTicks(1));
        Assert.Equal(0, kit.Ledger.ExpireDue());
        kit.Clock.Advance(Duration.FromTicks(1));
        Assert.Equal(1, kit.Ledger.ExpireDue());
        Assert.Equal(0, kit.Ledger.ExpireDue());
        kit.Clock.Advance(Hour);
        Assert.Equal(0, kit.Ledger.ExpireDue());

        Assert.Equal(5, kit.Ledger.GetSellable(Eu1, A));
        Assert.Equal(HoldState.Expired, kit.Ledger.GetHold(Hold("h1"))!.State);
        Assert.Single(kit.Store.ReadAfter(0), e => e.Kind == LedgerEntryKind.Expiry);
    }

    [Fact]
    public void Commit_AfterExpiry_IsExpiredEvenWithoutExpireDue()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 5);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Duration.FromMinutes(10));
        kit.Clock.Advance(Duration.FromMinutes(11));

        var result = kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 2));

        Assert.Equal(LedgerStatus.Expired, result.Status);
        Assert.Equal("Hold h1 expired at 2026-11-27T09:10:00Z; its units were released. Nothing was done.", result.Message);
        Assert.Equal(new StockBalance(Eu1, A, 5, 0, 0), kit.Ledger.GetBalance(Eu1, A));
        Assert.Equal(LedgerStatus.Expired, kit.Ledger.Release("x1", Hold("h1")).Status);
    }

    [Fact]
    public void Hold_CommittedBeforeExpiry_NeverExpires()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 5);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Duration.FromMinutes(10));
        kit.Ledger.Commit("c1", Hold("h1"), Line(Eu1, A, 2));
        kit.Clock.Advance(Hour);

        Assert.Equal(0, kit.Ledger.ExpireDue());
        Assert.Equal(HoldState.Committed, kit.Ledger.GetHold(Hold("h1"))!.State);
        Assert.Equal(3, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void ReserveCart_NoTimeToLive_UsesCartDefault()
    {
        using var kit = new LedgerTestKit(o => o.CartHoldTimeToLive = Duration.FromMinutes(7)).Stock(Eu1, A, 5);
        Assert.True(kit.Ledger.ReserveCart("cart1", Hold("cart-1"), [Line(Eu1, A, 1)]).IsAccepted);

        var hold = kit.Ledger.GetHold(Hold("cart-1"))!;
        Assert.Equal(HoldKind.Cart, hold.Kind);
        Assert.Equal(Start + Duration.FromMinutes(7), hold.ExpiresAt);
    }

    [Fact]
    public void ConvertCartHold_OpenCart_KeepsEveryUnitHeldUnderTheOrderHold()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 3);
        kit.Ledger.ReserveCart("cart1", Hold("cart-1"), [Line(Eu1, A, 3)], Duration.FromMinutes(15));
        var observed = new List<int>();
        kit.Clock.Advance(Duration.FromMinutes(5));

        var result = kit.Ledger.ConvertCartHold("place-1", Hold("cart-1"), Hold("order-1"), Duration.FromDays(2));
        observed.Add(kit.Ledger.GetSellable(Eu1, A));
        kit.Clock.Advance(Duration.FromMinutes(20));
        kit.Ledger.ExpireDue();

        Assert.Equal(LedgerResult.Accepted(Hold("order-1")), result with { Shortages = [] });
        Assert.Equal([0], observed);
        Assert.Equal(0, kit.Ledger.GetSellable(Eu1, A));
        Assert.Equal(HoldState.Converted, kit.Ledger.GetHold(Hold("cart-1"))!.State);
        var order = kit.Ledger.GetHold(Hold("order-1"))!;
        Assert.Equal((HoldKind.Order, HoldState.Open, Start + Duration.FromMinutes(5) + Duration.FromDays(2)), (order.Kind, order.State, order.ExpiresAt));
        Assert.Equal([Line(Eu1, A, 3)], order.Lines);
        Assert.Single(kit.Store.ReadAfter(0), e => e.Kind == LedgerEntryKind.Conversion);
        Assert.Equal(LedgerStatus.AlreadyResolved, kit.Ledger.Commit("c1", Hold("cart-1"), Line(Eu1, A, 3)).Status);
        Assert.True(kit.Ledger.Commit("c2", Hold("order-1"), Line(Eu1, A, 3)).IsAccepted);
    }

    [Fact]
    public void ConvertCartHold_CartExpired_IsExpiredAndStockIsFree()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 3);
        kit.Ledger.ReserveCart("cart1", Hold("cart-1"), [Line(Eu1, A, 3)], Duration.FromMinutes(15));
        kit.Clock.Advance(Duration.FromMinutes(15));

        Assert.Equal(LedgerStatus.Expired, kit.Ledger.ConvertCartHold("place-1", Hold("cart-1"), Hold("order-1"), Hour).Status);
        Assert.Null(kit.Ledger.GetHold(Hold("order-1")));
        Assert.Equal(3, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void ConvertCartHold_OrderHoldGiven_IsInvalidRequest()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 3);
        kit.Ledger.Reserve("r1", Hold("order-0"), Line(Eu1, A, 1), Hour);

        var result = kit.Ledger.ConvertCartHold("place-1", Hold("order-0"), Hold("order-1"), Hour);

        Assert.Equal(LedgerStatus.InvalidRequest, result.Status);
        Assert.Equal("Hold order-0 is an order hold, not a cart hold; nothing was done.", result.Message);
    }
}
