namespace OrderRouting;

/// <summary>
/// A delivery (or return) address as routing needs it: country, postal code, an optional position for distance,
/// and free-form lines the host keeps for labels.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Address
{
    private Address(string country, string postalCode, GeoPoint? position, IReadOnlyList<string> lines)
    {
        Country = country;
        PostalCode = postalCode;
        Position = position;
        Lines = lines;
    }

    /// <summary>ISO 3166-1 alpha-2 country code, upper case, e.g. <c>DE</c>.</summary>
    public string Country { get; }

    /// <summary>The postal code as written (letters, digits, spaces and hyphens; may be empty where a country has none).</summary>
    public string PostalCode { get; }

    /// <summary>The position, when known; without it, distance to this address is unknown.</summary>
    public GeoPoint? Position { get; }

    /// <summary>Street lines, city and so on, kept verbatim for labels; never used for routing.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Creates an address.</summary>
    /// <exception cref="ArgumentException">The country is not two upper-case ASCII letters, or the postal code
    /// is longer than 16 characters or holds other characters than letters, digits, spaces and hyphens.</exception>
    public static Address Create(string country, string postalCode, GeoPoint? position = null, IEnumerable<string>? lines = null)
    {
        ArgumentNullException.ThrowIfNull(country);
        ArgumentNullException.ThrowIfNull(postalCode);
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
            throw new ArgumentException($"must be an ISO 3166-1 alpha-2 code such as \"DE\", was \"{country}\"", nameof(country));
        if (postalCode.Length > 16 || !postalCode.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ' || c == '-'))
            throw new ArgumentException($"must be at most 16 letters, digits, spaces or hyphens, was \"{postalCode}\"", nameof(postalCode));
        return new Address(country, postalCode, position, lines?.ToArray() ?? []);
    }

    /// <summary>Equality by value, lines included.</summary>
    public bool Equals(Address? other) =>
        other is not null && Country == other.Country && PostalCode == other.PostalCode &&
        Position == other.Position && Lines.SequenceEqual(other.Lines);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Country, PostalCode, Position, Lines.Count);
}
