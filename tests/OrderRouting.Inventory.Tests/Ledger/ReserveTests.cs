using NodaTime;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Ports;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Ledger;

public class ReserveTests
{
    [Fact]
    public void Reserve_EnoughStock_HoldsUnitsAndLowersSellable()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        var result = kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 4), Hour);

        Assert.Equal(LedgerResult.Accepted(Hold("h1")), result with { Shortages = [] });
        Assert.Equal(new StockBalance(Eu1, A, 10, 4, 0), kit.Ledger.GetBalance(Eu1, A));
        Assert.Equal(6, kit.Ledger.GetSellable(Eu1, A));
        var hold = kit.Ledger.GetHold(Hold("h1"))!;
        Assert.Equal(HoldState.Open, hold.State);
        Assert.Equal(Start + Hour, hold.ExpiresAt);
        Assert.Equal([Line(Eu1, A, 4)], hold.Lines);
    }

    [Fact]
    public void Reserve_OneLineOfThreeShort_HoldsNothingAndNamesTheShortage()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 5).Stock(Eu2, B, 5).Stock(Us1, C, 1);
        var before = kit.Ledger.GetBalances();
        var sequence = kit.Ledger.LastSequence;

        var result = kit.Ledger.Reserve("r1", Hold("h1"), [Line(Eu1, A, 2), Line(Eu2, B, 2), Line(Us1, C, 3)], Hour);

        Assert.Equal(LedgerStatus.InsufficientStock, result.Status);
        Assert.Equal([new StockLine(Us1, C, 2)], result.Shortages);
        Assert.Contains("2 of SKU-C at us-1", result.Message);
        Assert.Equal(before, kit.Ledger.GetBalances());
        Assert.Equal(sequence, kit.Ledger.LastSequence);
        Assert.Null(kit.Ledger.GetHold(Hold("h1")));
    }

    [Fact]
    public void Reserve_ThreeLocations_HoldsAllLinesAtomically()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 5).Stock(Eu2, B, 5).Stock(Us1, C, 5);
        var result = kit.Ledger.Reserve("r1", Hold("h1"), [Line(Eu1, A, 1), Line(Eu2, B, 2), Line(Us1, C, 5)], Hour);

        Assert.True(result.IsAccepted);
        Assert.Equal([4, 3, 0], new[] { kit.Ledger.GetSellable(Eu1, A), kit.Ledger.GetSellable(Eu2, B), kit.Ledger.GetSellable(Us1, C) });
        Assert.Equal(3, kit.Ledger.GetHold(Hold("h1"))!.Lines.Count);
    }

    [Fact]
    public void Reserve_SafetyStock_IsHeldBackFromSale()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        Assert.True(kit.Ledger.SetSafetyStock("s1", Eu1, A, 3).IsAccepted);

        Assert.Equal(7, kit.Ledger.GetSellable(Eu1, A));
        Assert.Equal(LedgerStatus.InsufficientStock, kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 8), Hour).Status);
        Assert.True(kit.Ledger.Reserve("r2", Hold("h2"), Line(Eu1, A, 7), Hour).IsAccepted);
        Assert.Equal(0, kit.Ledger.GetSellable(Eu1, A));
    }

    public static TheoryData<string, LedgerStatus, string> BadReserves => new()
    {
        { "unknown-location", LedgerStatus.UnknownLocation, "The ledger knows no location xx-9; nothing was done." },
        { "unknown-sku", LedgerStatus.UnknownSku, "The ledger knows no SKU SKU-C at eu-1; nothing was done." },
        { "zero", LedgerStatus.InvalidRequest, "Line 1 (eu-1/SKU-A): the quantity must be at least 1, was 0." },
        { "negative", LedgerStatus.InvalidRequest, "Line 1 (eu-1/SKU-A): the quantity must be at least 1, was -2." },
        { "repeated-line", LedgerStatus.InvalidRequest, "Line 2 repeats eu-1/SKU-A of line 1; name each (location, SKU) once." },
        { "no-lines", LedgerStatus.InvalidRequest, "A reserve needs at least one line." },
        { "no-key", LedgerStatus.InvalidRequest, "An idempotency key is required." },
        { "no-hold", LedgerStatus.InvalidRequest, "A hold id is required." },
        { "zero-ttl", LedgerStatus.InvalidRequest, "The time to live must be positive and at most 3650 days, was 0:00:00:00." },
        { "no-location", LedgerStatus.InvalidRequest, "Line 1 names no location." },
    };

    [Theory]
    [MemberData(nameof(BadReserves))]
    public void Reserve_BadInput_RefusedWithSpecificStatusAndNothingChanges(string scenario, LedgerStatus status, string message)
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        var before = kit.Ledger.GetBalances();
        var sequence = kit.Ledger.LastSequence;
        var key = "r1";
        var hold = Hold("h1");
        var ttl = Hour;
        LedgerLine[] lines = [Line(Eu1, A, 1)];
        switch (scenario)
        {
            case "unknown-location": lines = [Line(Unknown, A, 1)]; break;
            case "unknown-sku": lines = [Line(Eu1, C, 1)]; break;
            case "zero": lines = [Line(Eu1, A, 0)]; break;
            case "negative": lines = [Line(Eu1, A, -2)]; break;
            case "repeated-line": lines = [Line(Eu1, A, 1), Line(Eu1, A, 2)]; break;
            case "no-lines": lines = []; break;
            case "no-key": key = " "; break;
            case "no-hold": hold = default; break;
            case "zero-ttl": ttl = Duration.Zero; break;
            case "no-location": lines = [new LedgerLine(default, A, 1)]; break;
        }

        var result = kit.Ledger.Reserve(key, hold, lines, ttl);

        Assert.Equal(status, result.Status);
        Assert.Equal(message, result.Message);
        Assert.Equal(before, kit.Ledger.GetBalances());
        Assert.Equal(sequence, kit.Ledger.LastSequence);
    }

    [Fact]
    public void Reserve_SameKeySameContent_ReplaysOriginalOutcomeAndChangesNothing()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 4), Hour);
        var sequence = kit.Ledger.LastSequence;

        var again = kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 4), Hour);

        Assert.True(again.IsAccepted);
        Assert.True(again.IsReplay);
        Assert.Equal(sequence, kit.Ledger.LastSequence);
        Assert.Equal(6, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void Reserve_SameKeyDifferentContent_IsAConflict()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 4), Hour);

        var result = kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 5), Hour);

        Assert.Equal(LedgerStatus.IdempotencyConflict, result.Status);
        Assert.Equal("The idempotency key \"r1\" was used at 2026-11-27T09:00:00Z for a different command; nothing was done.", result.Message);
        Assert.Equal(6, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void Reserve_ExistingHoldUnderOtherKey_IsDuplicateHold()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 4), Hour);

        Assert.Equal(LedgerStatus.DuplicateHold, kit.Ledger.Reserve("r2", Hold("h1"), Line(Eu1, A, 1), Hour).Status);
        Assert.Equal(6, kit.Ledger.GetSellable(Eu1, A));
    }

    [Fact]
    public void Reserve_KeyAfterRetentionWindow_IsForgottenSoMemoryStaysBounded()
    {
        using var kit = new LedgerTestKit(o => o.IdempotencyRetention = Hour).Stock(Eu1, A, 10);
        kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 1), Duration.FromMinutes(10));
        kit.Ledger.Release("x1", Hold("h1"));
        Assert.Equal(3, kit.Ledger.TakeSnapshot().IdempotencyKeys.Count);

        kit.Clock.Advance(Hour);
        var reused = kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Duration.FromMinutes(10));

        Assert.True(reused.IsAccepted);
        Assert.False(reused.IsReplay);
        var snapshot = kit.Ledger.TakeSnapshot();
        Assert.Equal(["r1"], snapshot.IdempotencyKeys.Select(k => k.Key));
        Assert.Single(snapshot.Holds);
    }

    [Fact]
    public void Reserve_ClockWentBackwards_RefusedAndNothingChanges()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 10);
        kit.Clock.Reset(Start - Duration.FromSeconds(1));

        var result = kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 1), Hour);

        Assert.Equal(LedgerStatus.ClockWentBackwards, result.Status);
        Assert.Equal("The clock reads 2026-11-27T08:59:59Z, earlier than 2026-11-27T09:00:00Z, which the ledger has already recorded; nothing was done.",
            result.Message);
        Assert.Equal(10, kit.Ledger.GetSellable(Eu1, A));
        Assert.Throws<InvalidOperationException>(() => kit.Ledger.ExpireDue());
    }

    [Fact]
    public void ReserveCommand_ThroughThePort_ReturnsOutcomeRecord()
    {
        using var kit = new LedgerTestKit().Stock(Eu1, A, 3);
        IStockReservations port = kit.Ledger;

        var ok = port.Reserve(new ReserveCommand("r1", Hold("h1"), [new StockLine(Eu1, A, 2)], Hour));
        var shortOf = port.Reserve(new ReserveCommand("r2", Hold("h2"), [new StockLine(Eu1, A, 2)], Hour));
        var nullLine = port.Reserve(new ReserveCommand("r3", Hold("h3"), [null!], Hour));

        Assert.Equal(new LedgerOutcome(LedgerStatus.Accepted, Hold("h1"), [], ""), ok with { Shortages = [] });
        Assert.Equal(LedgerStatus.InsufficientStock, shortOf.Status);
        Assert.Equal([new StockLine(Eu1, A, 1)], shortOf.Shortages);
        Assert.Equal(LedgerStatus.InvalidRequest, nullLine.Status);
        Assert.Equal(1, port.GetSellable(Eu1, A));
    }
}
