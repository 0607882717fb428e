using System.Runtime.CompilerServices;
using NodaTime;

namespace OrderRouting.Inventory.Ledger;

/// <summary>Units a hold still has of one cell.</summary>
internal struct HoldLine
{
    public Cell Cell;
    public int Held;
}

/// <summary>Room for three lines inside a <see cref="HoldRecord"/>.</summary>
[InlineArray(3)]
internal struct ThreeHoldLines
{
    private HoldLine _line;
}

/// <summary>
/// An open hold's mutable state, owned by the ledger's critical section. Records are pooled: when a hold resolves, the
/// ledger remembers it as a <see cref="ResolvedHold"/> value and reuses its record; <see cref="Generation"/> tells stale
/// expiry-queue items apart.
/// </summary>
internal sealed class HoldRecord
{
    public HoldId Id;
    public HoldKind Kind;
    public Instant CreatedAt;
    public long CreatedSequence;
    public Instant ExpiresAt;
    public int Generation;
    public int LineCount;
    public int Remaining;
    public int Committed;

    /// <summary>Makes the record a new open hold with room for <paramref name="lines"/> lines (sized once: a
    /// reservation's lines arrive together, so the array need not grow line by line).</summary>
    public void Reset(HoldId id, HoldKind kind, Instant createdAt, long createdSequence, Instant expiresAt, int lines)
    {
        Id = id;
        Kind = kind;
        CreatedAt = createdAt;
        CreatedSequence = createdSequence;
        ExpiresAt = expiresAt;
        Generation++;
        Lines[..LineCount].Clear();
        if (Lines.Length < lines) _more = new HoldLine[lines];
        LineCount = 0;
        Remaining = 0;
        Committed = 0;
    }

    // Most holds have at most three lines: they live in the record itself, so a day of holds kept for the idempotency
    // window is one object per hold, not two. A hold with more lines moves them to an array (kept when the record is reused).
    private ThreeHoldLines _few;
    private HoldLine[]? _more;

    /// <summary>Room for the hold's lines; the first <see cref="LineCount"/> are used.</summary>
    public Span<HoldLine> Lines => _more is { } more ? more : _few;

    /// <summary>The index of the line for <paramref name="cell"/>, or -1.</summary>
    public int IndexOf(Cell cell)
    {
        var lines = Lines;
        for (var i = 0; i < LineCount; i++)
            if (ReferenceEquals(lines[i].Cell, cell)) return i;
        return -1;
    }

    /// <summary>The units still held of <paramref name="cell"/>.</summary>
    public int HeldOf(Cell cell)
    {
        var i = IndexOf(cell);
        return i < 0 ? 0 : Lines[i].Held;
    }

    public void Add(Cell cell, int units)
    {
        var i = IndexOf(cell);
        if (i < 0)
        {
            if (LineCount == Lines.Length)
            {
                var more = new HoldLine[LineCount * 2];
                Lines.CopyTo(more);
                _more = more;
            }
            i = LineCount++;
            Lines[i].Cell = cell;
        }
        Lines[i].Held += units;
        Remaining += units;
    }

    public void Take(Cell cell, int units)
    {
        var i = IndexOf(cell);
        Lines[i].Held -= units;
        Remaining -= units;
    }

    public HoldInfo ToInfo()
    {
        var lines = new List<LedgerLine>(LineCount);
        for (var i = 0; i < LineCount; i++)
            if (Lines[i].Held > 0) lines.Add(new LedgerLine(Lines[i].Cell.Location, Lines[i].Cell.Sku, Lines[i].Held));
        return new HoldInfo(Id, Kind, HoldState.Open, CreatedAt, ExpiresAt, lines, Committed);
    }
}
