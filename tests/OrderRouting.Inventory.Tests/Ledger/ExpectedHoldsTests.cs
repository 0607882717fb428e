using OrderRouting.Inventory.Ledger;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Ledger;

public class ExpectedHoldsTests
{
    [Fact]
    public void ExpectedHolds_FewerThanTheDayHas_SameEntriesHoldsAndBalancesAsWithout()
    {
        using var plain = new LedgerTestKit();
        using var sized = new LedgerTestKit(o => o.ExpectedHolds = 2);

        foreach (var kit in new[] { plain, sized })
        {
            kit.Stock(Eu1, A, 20).Stock(Eu2, B, 20);
            for (var i = 1; i <= 6; i++)
            {
                // Two-line and one-line holds, more of them than expected; commit, release, or leave to expire.
                var lines = i % 2 == 0 ? new[] { Line(Eu1, A, 1), Line(Eu2, B, 2) } : [Line(Eu1, A, 2)];
                Assert.True(kit.Ledger.Reserve($"r{i}", Hold($"h{i}"), lines, Hour).IsAccepted);
                if (i % 3 == 0) Assert.True(kit.Ledger.Commit($"c{i}", Hold($"h{i}"), lines).IsAccepted);
                else if (i % 3 == 1) Assert.True(kit.Ledger.Release($"x{i}", Hold($"h{i}")).IsAccepted);
            }
            Assert.True(kit.Ledger.Reserve("r1", Hold("h1"), Line(Eu1, A, 2), Hour).IsReplay);
            kit.Clock.Advance(Hour * 2);
            kit.Stock(Eu1, A, 1); // expires the open holds
        }

        Assert.Equal(plain.Store.ReadAfter(0), sized.Store.ReadAfter(0));
        Assert.Equal(plain.Ledger.GetBalances(), sized.Ledger.GetBalances());
        for (var i = 1; i <= 6; i++)
            Assert.Equal(plain.Ledger.GetHold(Hold($"h{i}"))!.State, sized.Ledger.GetHold(Hold($"h{i}"))!.State);
    }

    [Fact]
    public void ExpectedHolds_AboveTheMaximum_IsAConfigurationProblemNotOutOfMemory()
    {
        var error = Assert.Throws<OrderRouting.Hosting.OrderRoutingConfigurationException>(
            () => new LedgerTestKit(o => o.ExpectedHolds = int.MaxValue).Dispose());
        Assert.Contains("Inventory.ExpectedHolds: must be at most 50000000, was 2147483647", error.Message);
    }
}
