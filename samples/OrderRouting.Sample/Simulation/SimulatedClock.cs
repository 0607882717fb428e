using NodaTime;

namespace OrderRouting.Sample.Simulation;

/// <summary>
/// The simulation's clock: an <see cref="IClock"/> that only the driver moves forward (to the time of the next
/// scheduled step). Every component reads time from it, so a run never depends on the wall clock.
/// </summary>
/// <remarks>Reads are safe from any thread; only the driver advances it.</remarks>
internal sealed class SimulatedClock(Instant start) : IClock
{
    private long _ticks = start.ToUnixTimeTicks();

    /// <summary>The current simulated instant.</summary>
    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Volatile.Read(ref _ticks));

    /// <summary>Moves the clock to <paramref name="instant"/>; never backwards (an earlier instant is ignored).</summary>
    public void AdvanceTo(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        if (ticks > Volatile.Read(ref _ticks)) Volatile.Write(ref _ticks, ticks);
    }
}
