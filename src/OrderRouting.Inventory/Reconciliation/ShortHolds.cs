using NodaTime;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Ports;

namespace OrderRouting.Inventory.Reconciliation;

/// <summary>An open hold on a (location, SKU) that a shortfall may fall on.</summary>
/// <param name="Hold">The hold.</param>
/// <param name="Kind">Cart or order.</param>
/// <param name="CreatedAt">When it was reserved.</param>
/// <param name="Sequence">The ledger sequence of its first reservation (a total order by age).</param>
/// <param name="Held">Units it holds of this (location, SKU).</param>
public readonly record struct ShortHoldCandidate(HoldId Hold, HoldKind Kind, Instant CreatedAt, long Sequence, int Held);

/// <summary>A hold that the ledger can no longer fully back: <see cref="UnitsShort"/> of its units are missing.</summary>
/// <param name="Hold">The hold, for the order side to re-route.</param>
/// <param name="Location">Where the stock is missing.</param>
/// <param name="Sku">What is missing.</param>
/// <param name="UnitsShort">Units of the hold that the stock on hand no longer covers.</param>
public sealed record ShortHold(HoldId Hold, LocationId Location, Sku Sku, int UnitsShort);

/// <summary>
/// Decides which holds a shortfall falls on first when a count or adjustment leaves less on hand than is reserved.
/// </summary>
/// <remarks>Called inside the ledger's critical section: keep it quick and never call back into the ledger.
/// Holds the policy leaves out are taken afterwards, newest first, so a shortfall is never hidden.</remarks>
public interface IShortHoldPolicy
{
    /// <summary>Orders <paramref name="holds"/> (the open holds on one location and SKU, oldest first) so that the first is shorted first.</summary>
    IEnumerable<ShortHoldCandidate> Order(IReadOnlyList<ShortHoldCandidate> holds);
}

/// <summary>Shorts the newest holds first: the customer who ordered last is re-routed (the default).</summary>
public sealed class NewestFirstShortHoldPolicy : IShortHoldPolicy
{
    /// <inheritdoc />
    public IEnumerable<ShortHoldCandidate> Order(IReadOnlyList<ShortHoldCandidate> holds) => Enumerable.Reverse(holds);
}

/// <summary>Shorts cart holds before order holds, newest first within each kind.</summary>
public sealed class CartsFirstShortHoldPolicy : IShortHoldPolicy
{
    /// <inheritdoc />
    public IEnumerable<ShortHoldCandidate> Order(IReadOnlyList<ShortHoldCandidate> holds) =>
        holds.OrderBy(h => h.Kind == HoldKind.Cart ? 0 : 1).ThenByDescending(h => h.Sequence);
}

/// <summary>What a count or an adjustment did.</summary>
/// <param name="Status">Accepted, or why not.</param>
/// <param name="Message">A sentence naming what was wrong; empty when accepted.</param>
/// <param name="IsReplay">True when this repeats an earlier accepted command with the same idempotency key.</param>
/// <param name="Delta">The change to on hand (counted less the ledger's figure for a count).</param>
/// <param name="Balance">The balances after the command (or now, for a refusal).</param>
/// <param name="ShortHolds">The holds that on hand no longer covers, in the policy's order; empty when none.
/// A replay after a restart from the store no longer knows them and returns an empty list.</param>
public sealed record ReconciliationResult(LedgerStatus Status, string Message, bool IsReplay, int Delta, StockBalance Balance,
    IReadOnlyList<ShortHold> ShortHolds)
{
    /// <summary>True when the command was applied (now or, for a replay, the first time).</summary>
    public bool IsAccepted => Status == LedgerStatus.Accepted;

    /// <summary>True when on hand is now below reserved (some holds are short).</summary>
    public bool HasShortfall => ShortHolds.Count > 0;
}

/// <summary>Works out which holds a shortfall on one cell falls on.</summary>
internal static class ShortHoldFinder
{
    public static IReadOnlyList<ShortHold> Find(LedgerState state, Cell cell, IShortHoldPolicy policy)
    {
        var shortfall = cell.Reserved - cell.OnHand;
        if (shortfall <= 0) return [];
        var candidates = new List<ShortHoldCandidate>();
        foreach (var hold in state.Holds.Values) // the open holds
        {
            var held = hold.HeldOf(cell);
            if (held > 0) candidates.Add(new ShortHoldCandidate(hold.Id, hold.Kind, hold.CreatedAt, hold.CreatedSequence, held));
        }
        candidates.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));

        var result = new List<ShortHold>();
        var seen = new HashSet<HoldId>();
        var byId = candidates.ToDictionary(c => c.Hold);
        void Take(ShortHoldCandidate c)
        {
            if (shortfall == 0 || !byId.ContainsKey(c.Hold) || !seen.Add(c.Hold)) return;
            var units = Math.Min(byId[c.Hold].Held, shortfall);
            shortfall -= units;
            result.Add(new ShortHold(c.Hold, cell.Location, cell.Sku, units));
        }
        foreach (var c in policy.Order(candidates)) Take(c);
        for (var i = candidates.Count - 1; i >= 0; i--) Take(candidates[i]);
        return result;
    }
}
