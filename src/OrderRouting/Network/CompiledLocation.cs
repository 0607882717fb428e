using System.Collections.Frozen;
using NodaTime;
using OrderRouting.Promising;

namespace OrderRouting.Network;

/// <summary>
/// A location prepared for the routing hot path: plain fields, frozen sets, services sorted once, and a cache of
/// the zone offset in force so that converting an instant to local time is one addition in the common case.
/// </summary>
/// <remarks>Thread-safe: the offset cache is an immutable object replaced atomically.</remarks>
internal sealed class CompiledLocation
{
    public CompiledLocation(int index, int tieRank, StockLocation location)
    {
        Index = index;
        TieRank = tieRank;
        Location = location;
        Id = location.Id;
        Priority = location.Priority;
        Position = location.Position ?? default;
        HasPosition = location.Position.HasValue;
        Zone = location.TimeZone;
        Cutoff = location.Cutoff;
        Capacity = location.DailyCapacity ?? -1;
        Calendar = location.Calendar;
        Services = [.. location.Services];
        CanShip = location.Enabled && Services.Length > 0 && Capacity != 0;
        BestScore = Services.Length == 0 ? 0 : Services.Max(s => s.Score);
        MinTransitDays = Services.Length == 0 ? 0 : Services.Min(s => s.TransitDays);
        Capabilities = location.Capabilities.ToFrozenSet(StringComparer.Ordinal);
        Channels = location.Channels?.ToFrozenSet();
        Countries = location.Countries?.ToFrozenSet(StringComparer.Ordinal);
        _span = new ZoneSpan(Instant.MaxValue, Instant.MinValue, Offset.Zero);
    }

    public readonly int Index;
    public readonly int TieRank;
    public readonly StockLocation Location;
    public readonly LocationId Id;
    public readonly int Priority;
    public readonly GeoPoint Position;
    public readonly bool HasPosition;
    public readonly DateTimeZone Zone;
    public readonly LocalTime? Cutoff;
    /// <summary>Daily capacity, -1 when unlimited.</summary>
    public readonly int Capacity;
    public readonly WorkingCalendar Calendar;
    public readonly CarrierService[] Services;
    /// <summary>Enabled, has a service and a capacity other than 0.</summary>
    public readonly bool CanShip;
    public readonly double BestScore;
    public readonly int MinTransitDays;
    public readonly FrozenSet<string> Capabilities;
    public readonly FrozenSet<ChannelId>? Channels;
    public readonly FrozenSet<string>? Countries;

    private ZoneSpan _span;

    /// <summary>The wall-clock date and time at the location at <paramref name="instant"/>.</summary>
    public LocalDateTime LocalAt(Instant instant)
    {
        var span = Volatile.Read(ref _span);
        if (instant < span.Start || instant >= span.End)
        {
            var interval = Zone.GetZoneInterval(instant);
            span = new ZoneSpan(interval.HasStart ? interval.Start : Instant.MinValue,
                interval.HasEnd ? interval.End : Instant.MaxValue, interval.WallOffset);
            Volatile.Write(ref _span, span);
        }
        return instant.WithOffset(span.Offset).LocalDateTime;
    }

    /// <summary>The distance in km to <paramref name="to"/>, or +∞ when either position is unknown.</summary>
    public double DistanceTo(GeoPoint? to) =>
        HasPosition && to is { } point ? Position.DistanceKm(point) : double.PositiveInfinity;

    private sealed record ZoneSpan(Instant Start, Instant End, Offset Offset);
}
