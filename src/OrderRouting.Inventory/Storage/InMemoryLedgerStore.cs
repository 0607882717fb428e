using OrderRouting.Inventory.Ledger;

namespace OrderRouting.Inventory.Storage;

/// <summary>
/// Keeps entries and the latest snapshot in memory, in chunks of 512 entries (below the large-object heap).
/// Saving a snapshot drops the entries it covers (unless <see cref="KeepEntriesCoveredBySnapshots"/>) and reuses
/// their chunks, so a ledger that snapshots regularly appends without allocating.
/// </summary>
/// <remarks>Thread-safe: appends come from the ledger's critical section, reads may come from any thread.</remarks>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private const int ChunkSize = 512;
    private readonly Lock _gate = new();
    private readonly List<LedgerEntry[]> _chunks = [];
    private readonly Stack<LedgerEntry[]> _free = new();
    private int _head; // index of the first kept entry in _chunks[0]
    private int _tail = ChunkSize; // entries used in the last chunk
    private long _count;
    private long _lastSequence;
    private LedgerSnapshot? _snapshot;

    /// <summary>Creates an empty store.</summary>
    /// <param name="keepEntriesCoveredBySnapshots">Keep every entry even when a snapshot covers it (for audits and tests).
    /// The default value is <c>false</c>.</param>
    public InMemoryLedgerStore(bool keepEntriesCoveredBySnapshots = false) =>
        KeepEntriesCoveredBySnapshots = keepEntriesCoveredBySnapshots;

    /// <summary>Whether entries covered by a snapshot are kept.</summary>
    public bool KeepEntriesCoveredBySnapshots { get; }

    /// <summary>The number of entries kept.</summary>
    public long Count
    {
        get { using (_gate.EnterScope()) return _count; }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The entries do not continue the sequence.</exception>
    public void Append(ReadOnlySpan<LedgerEntry> entries)
    {
        using (_gate.EnterScope())
        {
            var expected = _lastSequence + 1;
            for (var i = 0; i < entries.Length; i++)
                if (entries[i].Sequence != expected + i)
                    throw new ArgumentException($"Entry {i} has sequence {entries[i].Sequence}; expected {expected + i}.", nameof(entries));
            foreach (ref readonly var entry in entries)
            {
                if (_tail == ChunkSize)
                {
                    _chunks.Add(_free.TryPop(out var chunk) ? chunk : new LedgerEntry[ChunkSize]);
                    _tail = 0;
                }
                _chunks[^1][_tail++] = entry;
            }
            _count += entries.Length;
            if (entries.Length > 0) _lastSequence = entries[^1].Sequence;
        }
    }

    /// <inheritdoc />
    public LedgerSnapshot? LoadSnapshot()
    {
        using (_gate.EnterScope()) return _snapshot;
    }

    /// <inheritdoc />
    public IReadOnlyList<LedgerEntry> ReadAfter(long afterSequence)
    {
        using (_gate.EnterScope())
        {
            var result = new List<LedgerEntry>();
            for (var c = 0; c < _chunks.Count; c++)
            {
                var from = c == 0 ? _head : 0;
                var to = c == _chunks.Count - 1 ? _tail : ChunkSize;
                for (var i = from; i < to; i++)
                    if (_chunks[c][i].Sequence > afterSequence) result.Add(_chunks[c][i]);
            }
            return result;
        }
    }

    /// <inheritdoc />
    public void SaveSnapshot(LedgerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using (_gate.EnterScope())
        {
            _snapshot = snapshot;
            if (KeepEntriesCoveredBySnapshots) return;
            // Drop whole chunks (and the head of the first) whose entries the snapshot covers.
            while (_chunks.Count > 0)
            {
                var chunk = _chunks[0];
                var last = _chunks.Count == 1 ? _tail : ChunkSize;
                while (_head < last && chunk[_head].Sequence <= snapshot.Sequence)
                {
                    chunk[_head++] = default;
                    _count--;
                }
                if (_head < ChunkSize && (_chunks.Count > 1 || _head < _tail)) break;
                _chunks.RemoveAt(0);
                _free.Push(chunk);
                _head = 0;
                if (_chunks.Count == 0) _tail = ChunkSize;
            }
        }
    }
}
