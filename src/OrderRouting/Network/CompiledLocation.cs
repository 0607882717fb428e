using System.Collections.Frozen;
using System.Numerics;
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
        PhiRadians = Position.Latitude * ToRadians;
        LambdaRadians = Position.Longitude * ToRadians;
        CosPhi = Math.Cos(PhiRadians);
        (UnitX, UnitY, UnitZ) = UnitVector(PhiRadians, LambdaRadians);
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
        Unrestricted = location.Enabled && Services.Length > 0 && Capacity < 0 && Channels is null && Countries is null;
        _span = new ZoneSpan(Instant.MaxValue, Instant.MinValue, Offset.Zero);
    }

    public readonly int Index;
    public readonly int TieRank;
    public readonly StockLocation Location;
    public readonly LocationId Id;
    public readonly int Priority;
    public readonly GeoPoint Position;
    public readonly bool HasPosition;
    public readonly double PhiRadians, LambdaRadians, CosPhi;
    /// <summary>The position as a point on the unit sphere (for <see cref="HaversineEstimate"/>).</summary>
    public readonly double UnitX, UnitY, UnitZ;
    public readonly DateTimeZone Zone;
    public readonly LocalTime? Cutoff;
    /// <summary>Daily capacity, -1 when unlimited.</summary>
    public readonly int Capacity;
    public readonly WorkingCalendar Calendar;
    public readonly CarrierService[] Services;
    /// <summary>Enabled, has a service and a capacity other than 0.</summary>
    public readonly bool CanShip;
    /// <summary>Enabled, has a service, unlimited capacity, no channel or country restriction: eligible for any order
    /// without a delivery requirement unless a user rule says otherwise.</summary>
    public readonly bool Unrestricted;
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

    private DayPromise? _promise;

    /// <summary>
    /// The dispatch date and the delivery date of each service for an order placed at <paramref name="local"/>
    /// (the location's wall-clock time). Cached for the last local date and side of the cutoff, so a stream of orders
    /// does calendar arithmetic once per location and day.
    /// </summary>
    public DayPromise PromiseAt(LocalDateTime local)
    {
        var beforeCutoff = Cutoff is not { } cutoff || local.TimeOfDay < cutoff;
        var promise = Volatile.Read(ref _promise);
        if (promise is null || promise.Date != local.Date || promise.BeforeCutoff != beforeCutoff)
        {
            promise = new DayPromise(local, this);
            Volatile.Write(ref _promise, promise);
        }
        return promise;
    }

    private const double ToRadians = Math.PI / 180.0;

    /// <summary>The distance in km to <paramref name="to"/>, or +∞ when either position is unknown.</summary>
    public double DistanceTo(GeoPoint? to) =>
        HasPosition && to is { } point ? DistanceTo(new ShipToPoint(point)) : double.PositiveInfinity;

    /// <summary>
    /// The haversine distance in km to a ship-to point, bit for bit what <see cref="GeoPoint.DistanceKm"/> gives from
    /// this location's position (the same operations in the same order), with this location's radians and cosine
    /// computed once at compile time and the order's once per order. +∞ when either position is unknown.
    /// </summary>
    public double DistanceTo(in ShipToPoint to)
    {
        if (!HasPosition || !to.Known) return double.PositiveInfinity;
        var dPhi = to.Phi - PhiRadians;
        var dLambda = to.Lambda - LambdaRadians;
        var sinPhi = Math.Sin(dPhi / 2);
        var sinLambda = Math.Sin(dLambda / 2);
        var a = sinPhi * sinPhi + CosPhi * to.CosPhi * sinLambda * sinLambda;
        if (a > 1) a = 1;
        return 2 * GeoPoint.EarthRadiusKm * Math.Asin(Math.Sqrt(a));
    }

    /// <summary>
    /// The haversine term <c>a = sin²(θ/2)</c> of the distance to <paramref name="to"/> (θ the central angle), computed
    /// without trigonometry as a quarter of the squared chord between unit vectors; +∞ when either position is unknown.
    /// Distance is strictly increasing in <c>a</c>, and this estimate is within about 1e-14 of the <c>a</c> that
    /// <see cref="DistanceTo(in ShipToPoint)"/> computes, so locations whose estimates differ by more than
    /// <see cref="HaversineEstimateMargin"/> are ordered by distance exactly as their estimates are.
    /// </summary>
    public double HaversineEstimate(in ShipToVector to)
    {
        if (!HasPosition || !to.Known) return double.PositiveInfinity;
        var dx = UnitX - to.X;
        var dy = UnitY - to.Y;
        var dz = UnitZ - to.Z;
        return (dx * dx + dy * dy + dz * dz) * 0.25;
    }

    /// <summary>
    /// Estimates of <see cref="HaversineEstimate"/> further apart than this are ordered as the exact distances are,
    /// strictly: a difference of 1e-12 in <c>a</c> is at least 2R·1e-12 ≈ 1.3e-8 km of distance, far above the
    /// rounding of either computation (≈ 1e-14 in <c>a</c>, a few ulp of the km result).
    /// </summary>
    public const double HaversineEstimateMargin = 1e-12;

    /// <summary>
    /// The distance in km to <paramref name="to"/> within <see cref="ApproximateDistanceErrorKm"/> of what
    /// <see cref="DistanceTo(in ShipToPoint)"/> gives, without trigonometry: <c>2R·asin(√a)</c> with <c>a</c> from
    /// <see cref="HaversineEstimate"/> and asin by the polynomial of Abramowitz and Stegun 4.4.46 (error at most
    /// 2.2e-8 rad) or, up to 3,200 km, by its Taylor series to the ninth power (at most 5.7e-9 rad). +∞ when either position is unknown, exactly as the exact distance is.
    /// </summary>
    public double ApproximateDistanceKm(in ShipToVector to)
    {
        var a = HaversineEstimate(to);
        if (double.IsPositiveInfinity(a)) return a;
        if (a <= NearRange) return NearDistanceKm(new Vector<double>(a))[0];
        var x = Math.Sqrt(Math.Min(a, 1));
        // The polynomial by Estrin's scheme rather than Horner's, for speed: a dependency chain of three
        // multiply-adds instead of seven (its rounding differs by a few ulp, far inside the error bound).
        var x2 = x * x;
        var low = (1.5707963050 - 0.2145988016 * x) + x2 * (0.0889789874 - 0.0501743046 * x);
        var high = (0.0308918810 - 0.0170881256 * x) + x2 * (0.0066700901 - 0.0012624911 * x);
        var p = low + x2 * x2 * high;
        return 2 * GeoPoint.EarthRadiusKm * (Math.PI / 2 - Math.Sqrt(1 - x) * p);
    }

    /// <summary>The largest haversine term <c>a</c> (x = √a = 0.25, about 3,200 km) for which
    /// <see cref="NearDistanceKm"/> is used.</summary>
    public const double NearRange = 0.0625;

    /// <summary>
    /// <see cref="ApproximateDistanceKm(in ShipToVector)"/> for haversine terms up to <see cref="NearRange"/>, on each
    /// lane (the one piece of code for one distance and for a network's on vector lanes; each lane rounds as scalar code
    /// does): <c>2R·asin x</c> with x = √a and asin x = x (1 + a/6 + 3a²/40 + 5a³/112 + 35a⁴/1152 + …), a polynomial
    /// computed alongside the square root rather than after it and no second root. The series' coefficients decrease,
    /// so the rest is below 63/2816 · x¹¹ / (1 − x²) ≤ 5.7e-9 rad, within the polynomial's 2.2e-8 rad that the error
    /// bound allows for.
    /// </summary>
    public static Vector<double> NearDistanceKm(Vector<double> a)
    {
        var x = Vector.SquareRoot(a);
        var a2 = a * a;
        var series = (Vector<double>.One + a * (1.0 / 6)) + a2 * (new Vector<double>(3.0 / 40) + a * (5.0 / 112)) + a2 * a2 * (35.0 / 1152);
        return 2 * GeoPoint.EarthRadiusKm * (x * series);
    }

    /// <summary>
    /// The most <see cref="ApproximateDistanceKm(in ShipToVector)"/> can differ from the exact distance, with a margin of about five:
    /// the polynomial's 2.2e-8 rad, plus at most 1e-7 rad from the estimate's 1e-14 in <c>a</c> (the worst case, near a
    /// distance of 0 or of half the globe, where asin∘√ is steepest), times 2R.
    /// </summary>
    public const double ApproximateDistanceErrorKm = 0.01;

    private static (double X, double Y, double Z) UnitVector(double phi, double lambda)
    {
        var (sinPhi, cosPhi) = Math.SinCos(phi);
        var (sinLambda, cosLambda) = Math.SinCos(lambda);
        return (cosPhi * cosLambda, cosPhi * sinLambda, sinPhi);
    }

    /// <summary>An order's ship-to position as a point on the unit sphere, for <see cref="HaversineEstimate"/>.</summary>
    internal readonly struct ShipToVector
    {
        public ShipToVector(in ShipToPoint point)
        {
            Known = point.Known;
            if (!Known) return;
            // The latitude's sine and cosine are the ones the point already holds.
            var (sinLambda, cosLambda) = Math.SinCos(point.Lambda);
            (X, Y, Z) = (point.CosPhi * cosLambda, point.CosPhi * sinLambda, point.SinPhi);
        }

        public readonly bool Known;
        public readonly double X, Y, Z;
    }

    /// <summary>An order's ship-to position prepared for <see cref="DistanceTo(in ShipToPoint)"/>.</summary>
    internal readonly struct ShipToPoint
    {
        public ShipToPoint(GeoPoint? point)
        {
            Known = point.HasValue;
            var p = point ?? default;
            Phi = p.Latitude * ToRadians;
            Lambda = p.Longitude * ToRadians;
            // One SinCos instead of a cosine here and a sine for the unit vector. Its cosine is Math.Cos's, bit for bit
            // (CompiledDistance_EqualsGeoPointDistanceBitForBit checks the distance this feeds against GeoPoint.DistanceKm).
            (SinPhi, CosPhi) = Math.SinCos(Phi);
        }

        public readonly bool Known;
        public readonly double Phi, Lambda, SinPhi, CosPhi;
    }

    /// <summary>Promise dates of one location for orders placed on one local date on one side of its cutoff.</summary>
    internal sealed class DayPromise
    {
        private readonly CarrierService[] _services;
        private readonly LocalDate[] _deliveries;
        private readonly WorkingCalendar _calendar;

        public DayPromise(LocalDateTime local, CompiledLocation location)
        {
            Date = local.Date;
            BeforeCutoff = location.Cutoff is not { } cutoff || local.TimeOfDay < cutoff;
            Dispatch = PromiseDates.DispatchDate(local, location.Cutoff, location.Calendar);
            _calendar = location.Calendar;
            _services = location.Services;
            _deliveries = new LocalDate[_services.Length];
            Earliest = LocalDate.MaxIsoValue;
            for (var s = 0; s < _services.Length; s++)
            {
                _deliveries[s] = _calendar.AddWorkingDays(Dispatch, _services[s].TransitDays);
                if (_deliveries[s] < Earliest) Earliest = _deliveries[s];
            }
        }

        public LocalDate Date { get; }

        public bool BeforeCutoff { get; }

        public LocalDate Dispatch { get; }

        /// <summary>The earliest delivery date of any service (<see cref="LocalDate.MaxIsoValue"/> without services).</summary>
        public LocalDate Earliest { get; }

        /// <summary>The delivery date after <paramref name="transitDays"/> working days of transit.</summary>
        public LocalDate Delivery(int transitDays)
        {
            for (var s = 0; s < _services.Length; s++)
                if (_services[s].TransitDays == transitDays) return _deliveries[s];
            return _calendar.AddWorkingDays(Dispatch, transitDays);
        }
    }

    private sealed record ZoneSpan(Instant Start, Instant End, Offset Offset);
}
