using OrderRouting.Inventory.Ledger;

namespace OrderRouting.Inventory.Storage;

/// <summary>
/// Where the ledger keeps its entries and snapshots. The ledger is write-ahead: it appends a command's entries and
/// only then applies them, so a store that throws leaves the ledger unchanged.
/// </summary>
/// <remarks>
/// <para><b>Ordering.</b> <see cref="Append"/> is called inside the ledger's critical section, one call per command,
/// with contiguous, increasing <see cref="LedgerEntry.Sequence"/> numbers; a store must keep them in that order.</para>
/// <para><b>Batching.</b> One call holds every entry of one command (e.g. all lines of a multi-location reserve) and
/// must be stored all-or-nothing, or a replay could see half a command. A durable store that wants group commit
/// must still make a batch durable before returning if the host needs durability per command; the call runs under
/// the ledger's lock, so its latency is every command's latency.</para>
/// <para><b>Re-entrancy.</b> A store must not call back into the ledger.</para>
/// </remarks>
public interface ILedgerStore
{
    /// <summary>Appends one command's entries, all or none, after every entry appended before.</summary>
    /// <param name="entries">The entries, in sequence order; the span is only valid during the call (copy what you keep).</param>
    void Append(ReadOnlySpan<LedgerEntry> entries);

    /// <summary>The latest snapshot saved, or null.</summary>
    LedgerSnapshot? LoadSnapshot();

    /// <summary>The entries with a sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    IReadOnlyList<LedgerEntry> ReadAfter(long afterSequence);

    /// <summary>Saves a snapshot. The store may drop the entries it covers.</summary>
    void SaveSnapshot(LedgerSnapshot snapshot);
}
