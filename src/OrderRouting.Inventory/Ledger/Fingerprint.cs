using NodaTime;

namespace OrderRouting.Inventory.Ledger;

/// <summary>
/// A stable 64-bit FNV-1a hash of a command's content (kind, hold, lines, time to live, flags). Stable across
/// processes, so it can be stored in entries and compared after a restart. Two different commands share a
/// fingerprint with probability about 2^-64.
/// </summary>
internal struct Fingerprint
{
    private ulong _hash;

    public Fingerprint(CommandKind kind)
    {
        _hash = 14695981039346656037UL;
        Add((int)kind);
    }

    public readonly long Value => unchecked((long)_hash);

    public void Add(int value)
    {
        for (var i = 0; i < 4; i++)
        {
            _hash ^= (byte)(value >> (8 * i));
            _hash *= 1099511628211UL;
        }
    }

    public void Add(long value)
    {
        Add((int)value);
        Add((int)(value >> 32));
    }

    public void Add(string? text)
    {
        if (text is null)
        {
            Add(-1);
            return;
        }
        Add(text.Length);
        foreach (var c in text)
        {
            _hash ^= c;
            _hash *= 1099511628211UL;
        }
    }

    public void Add(Duration duration) => Add(duration.BclCompatibleTicks);

    public void Add(in LedgerLine line)
    {
        Add(line.Location.Value);
        Add(line.Sku.Value);
        Add(line.Quantity);
    }
}

/// <summary>The commands the ledger remembers by idempotency key; part of every fingerprint.</summary>
internal enum CommandKind
{
    Receive = 1,
    Adjust,
    Count,
    SafetyStock,
    Reserve,
    ReserveCart,
    Convert,
    Commit,
    Release,
    ReleaseAll,
    Restock,
}
