using NodaTime;

namespace OrderRouting.Simulator.Scenarios;

/// <summary>The format's textual values: <c>placedAt</c> instants and <c>cutoff</c> times, parsed strictly.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class ScenarioText
{
    /// <summary>The earliest and latest year a <c>placedAt</c> may have, so every derived date stays in NodaTime's range.</summary>
    public const int MinYear = 1, MaxYear = 9997;

    /// <summary>Parses a cutoff written exactly <c>HH:mm</c>, 00:00 to 23:59.</summary>
    public static bool TryParseCutoff(ReadOnlySpan<char> text, out LocalTime time)
    {
        time = default;
        if (text.Length != 5 || text[2] != ':') return false;
        if (!TryDigits(text, 0, 2, out var hour) || !TryDigits(text, 3, 2, out var minute)) return false;
        if (hour > 23 || minute > 59) return false;
        time = new LocalTime(hour, minute);
        return true;
    }

    /// <summary>
    /// Parses <c>YYYY-MM-DDThh:mm[:ss[.fraction]]</c> followed by <c>Z</c> or <c>±hh:mm</c> (the offset is
    /// mandatory). Digits of the fraction beyond nanoseconds are dropped, which never moves an instant across a minute.
    /// </summary>
    public static bool TryParseInstant(ReadOnlySpan<char> text, out Instant instant, out string problem)
    {
        instant = default;
        problem = "must be an ISO-8601 instant with offset, YYYY-MM-DDThh:mm[:ss[.fraction]] then Z or ±hh:mm";
        var s = text;
        if (s.Length < 17) return false;
        if (!TryDigits(text, 0, 4, out var year) || s[4] != '-' || !TryDigits(text, 5, 2, out var month) || s[7] != '-' ||
            !TryDigits(text, 8, 2, out var day) || s[10] != 'T' || !TryDigits(text, 11, 2, out var hour) || s[13] != ':' ||
            !TryDigits(text, 14, 2, out var minute))
            return false;

        var i = 16;
        int second = 0;
        long nanoseconds = 0;
        if (i < s.Length && s[i] == ':')
        {
            if (!TryDigits(text, i + 1, 2, out second)) return false;
            i += 3;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                var start = i;
                long scale = 100_000_000;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    nanoseconds += (s[i] - '0') * scale;
                    scale /= 10;
                    i++;
                }
                if (i == start) return false;
            }
        }

        if (i >= s.Length) return false;
        int offsetSeconds;
        if (s[i] == 'Z')
        {
            offsetSeconds = 0;
            i++;
        }
        else if (s[i] is '+' or '-')
        {
            var sign = s[i] == '-' ? -1 : 1;
            if (!TryDigits(text, i + 1, 2, out var offsetHours) || i + 3 >= s.Length || s[i + 3] != ':' ||
                !TryDigits(text, i + 4, 2, out var offsetMinutes))
                return false;
            if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60)
            {
                problem = "has an offset beyond ±18:00";
                return false;
            }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
            i += 6;
        }
        else
        {
            return false;
        }
        if (i != s.Length) return false;

        if (year < MinYear || year > MaxYear)
        {
            problem = $"must have a year from {MinYear:D4} to {MaxYear}";
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 59)
        {
            problem = "is not a valid date and time";
            return false;
        }

        var local = new LocalDateTime(year, month, day, hour, minute, second).PlusNanoseconds(nanoseconds);
        instant = local.WithOffset(Offset.FromSeconds(offsetSeconds)).ToInstant();
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
