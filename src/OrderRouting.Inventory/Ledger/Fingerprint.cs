using NodaTime;

namespace OrderRouting.Inventory.Ledger;

/// <summary>
/// A stable 64-bit hash (FNV-1a, taken a 64-bit word at a time) of a command's content (kind, hold, lines, time to live, flags). Stable across
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

    // FNV-1a over 64-bit words rather than bytes: each step (xor, multiply by an odd prime) is a bijection of the
    // running hash, and strings are read four UTF-16 code units at a time (little-endian, as every .NET platform is).
    private const ulong Prime = 1099511628211UL;

    public void Add(int value) => _hash = (_hash ^ (uint)value) * Prime;

    public void Add(long value) => _hash = (_hash ^ (ulong)value) * Prime;

    public void Add(string? text)
    {
        if (text is null)
        {
            Add(-1);
            return;
        }
        Add(text.Length);
        var chars = text.AsSpan();
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<char, ulong>(chars);
        foreach (var word in words) _hash = (_hash ^ word) * Prime;
        for (var i = words.Length * 4; i < chars.Length; i++) _hash = (_hash ^ chars[i]) * Prime;
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
