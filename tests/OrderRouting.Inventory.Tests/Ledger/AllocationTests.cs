using NodaTime;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Inventory.Storage;
using Xunit;
using static OrderRouting.Inventory.Tests.LedgerTestKit;

namespace OrderRouting.Inventory.Tests.Ledger;

/// <summary>The hot path's "no allocation" claim, checked by counting this thread's allocated bytes (not by timing).</summary>
public class AllocationTests
{
    [Fact]
    public void ReserveCommit_SteadyState_AllocatesNothing()
    {
        const int pairs = 1000;
        var store = new InMemoryLedgerStore();
        using var kit = new LedgerTestKit(o => { o.SnapshotEvery = 0; o.IdempotencyRetention = Duration.FromMinutes(1); }, store);
        kit.Stock(Eu1, A, 10 * pairs);
        var line = Line(Eu1, A, 1);
        var ttl = Duration.FromSeconds(30);

        void Round(string[] reserveKeys, string[] commitKeys, HoldId[] holds)
        {
            for (var i = 0; i < pairs; i++)
            {
                kit.Ledger.Reserve(reserveKeys[i], holds[i], in line, ttl);
                kit.Ledger.Commit(commitKeys[i], holds[i], in line);
            }
        }
        (string[], string[], HoldId[]) Keys(string round) => (
            Enumerable.Range(0, pairs).Select(i => $"{round}:r:{i}").ToArray(),
            Enumerable.Range(0, pairs).Select(i => $"{round}:c:{i}").ToArray(),
            Enumerable.Range(0, pairs).Select(i => HoldId.Of($"{round}-{i}")).ToArray());

        var (r1, c1, h1) = Keys("warm-up");
        var (r2, c2, h2) = Keys("measured");
        Round(r1, c1, h1);
        kit.Ledger.TakeSnapshot(); // the store recycles its chunks from now on
        kit.Clock.Advance(Duration.FromMinutes(2)); // the warm-up's keys and holds are forgotten by the next command
        kit.Ledger.ExpireDue();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Round(r2, c2, h2);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(new StockBalance(Eu1, A, 10 * pairs - 2 * pairs, 0, 0), kit.Ledger.GetBalance(Eu1, A));
    }
}
