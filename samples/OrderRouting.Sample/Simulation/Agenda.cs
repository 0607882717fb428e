using NodaTime;

namespace OrderRouting.Sample.Simulation;

/// <summary>
/// The simulation's timeline: steps scheduled at simulated instants, run in time order; steps at the same instant run
/// in the order they were scheduled. This total order is what makes a run reproducible.
/// </summary>
/// <remarks>Not thread-safe: one driver schedules and runs steps.</remarks>
internal sealed class Agenda
{
    private readonly PriorityQueue<Func<ValueTask>, (Instant At, long Sequence)> _steps = new();
    private long _sequence;

    /// <summary>Steps not yet run.</summary>
    public int Count => _steps.Count;

    /// <summary>Schedules <paramref name="step"/> at <paramref name="at"/>.</summary>
    public void At(Instant at, Func<ValueTask> step) => _steps.Enqueue(step, (at, _sequence++));

    /// <summary>Schedules a synchronous <paramref name="step"/> at <paramref name="at"/>.</summary>
    public void At(Instant at, Action step) => At(at, () =>
    {
        step();
        return ValueTask.CompletedTask;
    });

    /// <summary>Takes the earliest step, if any.</summary>
    public bool TryNext(out Instant at, out Func<ValueTask> step)
    {
        if (_steps.TryDequeue(out step!, out var key))
        {
            at = key.At;
            return true;
        }
        at = default;
        return false;
    }
}
