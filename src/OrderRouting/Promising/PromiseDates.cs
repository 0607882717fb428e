using NodaTime;

namespace OrderRouting.Promising;

/// <summary>
/// Promise-date arithmetic: the dispatch date from a location's local cutoff and working calendar, and the
/// delivery date from a carrier's transit days.
/// </summary>
/// <remarks>Pure functions; thread-safe.</remarks>
public static class PromiseDates
{
    /// <summary>
    /// The local date a location dispatches an order placed at <paramref name="placedLocal"/> (the location's local
    /// date and time): that date when it is a working day and the time is before <paramref name="cutoff"/> (compared
    /// at full precision; no cutoff means any time of day), otherwise the next working day. A cutoff of 00:00 means
    /// every order ships the next working day.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is null.</exception>
    public static LocalDate DispatchDate(LocalDateTime placedLocal, LocalTime? cutoff, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var date = placedLocal.Date;
        var beforeCutoff = cutoff is not { } c || placedLocal.TimeOfDay < c;
        return beforeCutoff && calendar.IsWorkingDay(date) ? date : calendar.NextWorkingDay(date);
    }

    /// <summary>
    /// The local date a location in <paramref name="zone"/> dispatches an order placed at <paramref name="placedAt"/>;
    /// see <see cref="DispatchDate(LocalDateTime, LocalTime?, WorkingCalendar)"/>. Daylight-saving changes are handled
    /// by NodaTime's zone rules (the local time is the wall-clock time at that instant).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> or <paramref name="calendar"/> is null.</exception>
    public static LocalDate DispatchDate(Instant placedAt, DateTimeZone zone, LocalTime? cutoff, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DispatchDate(placedAt.InZone(zone).LocalDateTime, cutoff, calendar);
    }

    /// <summary>The delivery date: <paramref name="transitDays"/> working days after <paramref name="dispatchDate"/> (0: the dispatch date).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transitDays"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="calendar"/> is null.</exception>
    public static LocalDate DeliveryDate(LocalDate dispatchDate, int transitDays, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.AddWorkingDays(dispatchDate, transitDays);
    }
}
