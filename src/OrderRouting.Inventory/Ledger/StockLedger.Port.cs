using System.Buffers;
using OrderRouting.Ports;

namespace OrderRouting.Inventory.Ledger;

// The IStockReservations port: record commands in, LedgerOutcome records out. The value overloads do the work.
public sealed partial class StockLedger
{
    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerOutcome Reserve(ReserveCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var lines = Rent(command.Lines, out var count);
        try
        {
            return Reserve(command.IdempotencyKey, command.Hold, lines.AsSpan(0, count), command.TimeToLive).ToOutcome();
        }
        finally
        {
            ArrayPool<LedgerLine>.Shared.Return(lines, clearArray: true);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerOutcome Commit(CommitCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var lines = Rent(command.Lines, out var count);
        try
        {
            return Commit(command.IdempotencyKey, command.Hold, lines.AsSpan(0, count), command.ReleaseRemainder).ToOutcome();
        }
        finally
        {
            ArrayPool<LedgerLine>.Shared.Return(lines, clearArray: true);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerOutcome Release(ReleaseCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Lines is null) return Release(command.IdempotencyKey, command.Hold).ToOutcome();
        var lines = Rent(command.Lines, out var count);
        try
        {
            return Release(command.IdempotencyKey, command.Hold, lines.AsSpan(0, count)).ToOutcome();
        }
        finally
        {
            ArrayPool<LedgerLine>.Shared.Return(lines, clearArray: true);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The ledger was disposed.</exception>
    public LedgerOutcome Restock(RestockCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var line = command.Line is null ? default : LedgerLine.From(command.Line);
        return Restock(command.IdempotencyKey, line.Location, line.Sku, line.Quantity, command.Reason).ToOutcome();
    }

    /// <summary>Copies port lines into a pooled array; a null line becomes <c>default</c>, which validation refuses.</summary>
    private static LedgerLine[] Rent(IReadOnlyList<StockLine>? lines, out int count)
    {
        count = lines?.Count ?? 0;
        var array = ArrayPool<LedgerLine>.Shared.Rent(Math.Max(1, count));
        for (var i = 0; i < count; i++)
            array[i] = lines![i] is { } line ? LedgerLine.From(line) : default;
        return array;
    }
}
