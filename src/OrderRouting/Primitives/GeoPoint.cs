namespace OrderRouting;

/// <summary>A position on the earth in decimal degrees (WGS 84), with great-circle distance.</summary>
/// <remarks><c>default</c> is (0, 0). Immutable and thread-safe.</remarks>
public readonly record struct GeoPoint
{
    /// <summary>The mean earth radius, in kilometres, used by <see cref="DistanceKm"/>.</summary>
    public const double EarthRadiusKm = 6371.0088;

    private GeoPoint(double latitude, double longitude)
    {
        Latitude = latitude;
        Longitude = longitude;
    }

    /// <summary>Latitude in degrees, in [-90, 90].</summary>
    public double Latitude { get; }

    /// <summary>Longitude in degrees, in [-180, 180].</summary>
    public double Longitude { get; }

    /// <summary>Creates a point.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is out of range or not a number.</exception>
    public static GeoPoint Of(double latitude, double longitude) =>
        new(Guard.InRange(latitude, -90, 90), Guard.InRange(longitude, -180, 180));

    /// <summary>
    /// The haversine (great-circle) distance in kilometres on a sphere of radius <see cref="EarthRadiusKm"/>,
    /// computed in double precision exactly as rule 10 of the scenario format writes it.
    /// </summary>
    public double DistanceKm(GeoPoint other)
    {
        const double toRadians = Math.PI / 180.0;
        var phi1 = Latitude * toRadians;
        var phi2 = other.Latitude * toRadians;
        var dPhi = phi2 - phi1;
        var dLambda = other.Longitude * toRadians - Longitude * toRadians; // λ2 − λ1 in radians, as rule 10 writes it
        var sinPhi = Math.Sin(dPhi / 2);
        var sinLambda = Math.Sin(dLambda / 2);
        var a = sinPhi * sinPhi + Math.Cos(phi1) * Math.Cos(phi2) * sinLambda * sinLambda;
        if (a > 1) a = 1;
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(a));
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({Latitude}, {Longitude})");
}
