using NodaTime;

namespace OrderRouting.Promising;

/// <summary>
/// The days a stock location dispatches and a carrier delivers on: a working week (which weekdays work) and
/// holidays. <see cref="MondayToFriday"/> is the default; markets that work Sunday to Thursday use
/// <see cref="SundayToThursday"/> or their own week.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class WorkingCalendar
{
    private readonly int _workingDayMask; // bit (int)IsoDayOfWeek set for a working weekday
    private readonly HashSet<LocalDate> _holidays;

    /// <summary>Creates a calendar.</summary>
    /// <param name="workingDays">The weekdays that work; at least one.</param>
    /// <param name="holidays">Dates that do not work although their weekday does; none by default.</param>
    /// <exception cref="ArgumentException">No working weekday, or <see cref="IsoDayOfWeek.None"/> given.</exception>
    public WorkingCalendar(IEnumerable<IsoDayOfWeek> workingDays, IEnumerable<LocalDate>? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        foreach (var day in workingDays)
        {
            if (day is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
                throw new ArgumentException($"must name weekdays Monday to Sunday, was {day}", nameof(workingDays));
            _workingDayMask |= 1 << (int)day;
        }
        if (_workingDayMask == 0) throw new ArgumentException("at least one weekday must work", nameof(workingDays));
        _holidays = holidays is null ? [] : [.. holidays];
    }

    /// <summary>Monday to Friday, no holidays: the default calendar.</summary>
    public static WorkingCalendar MondayToFriday { get; } = new(
        [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday]);

    /// <summary>Sunday to Thursday, no holidays (a working week of several Middle-Eastern markets).</summary>
    public static WorkingCalendar SundayToThursday { get; } = new(
        [IsoDayOfWeek.Sunday, IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday]);

    /// <summary>The weekdays that work, Monday first.</summary>
    public IReadOnlyList<IsoDayOfWeek> WorkingDays =>
        Enumerable.Range(1, 7).Where(d => (_workingDayMask & (1 << d)) != 0).Select(d => (IsoDayOfWeek)d).ToArray();

    /// <summary>The holidays, in date order.</summary>
    public IReadOnlyList<LocalDate> Holidays => _holidays.Order().ToArray();

    /// <summary>A copy of this calendar with more holidays.</summary>
    public WorkingCalendar WithHolidays(IEnumerable<LocalDate> holidays) => new(WorkingDays, _holidays.Concat(holidays));

    /// <summary>Whether <paramref name="date"/> is a working day: its weekday works and it is no holiday.</summary>
    public bool IsWorkingDay(LocalDate date) =>
        (_workingDayMask & (1 << (int)date.DayOfWeek)) != 0 && (_holidays.Count == 0 || !_holidays.Contains(date));

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public LocalDate NextWorkingDay(LocalDate date)
    {
        do date = date.PlusDays(1);
        while (!IsWorkingDay(date));
        return date;
    }

    /// <summary>
    /// The date <paramref name="workingDays"/> working days after <paramref name="date"/> (each step moves to the
    /// next working day); 0 returns <paramref name="date"/> itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative.</exception>
    public LocalDate AddWorkingDays(LocalDate date, int workingDays)
    {
        Guard.NotNegative(workingDays);
        for (var i = 0; i < workingDays; i++) date = NextWorkingDay(date);
        return date;
    }
}
