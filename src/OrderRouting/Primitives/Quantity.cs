namespace OrderRouting;

/// <summary>
/// A non-negative count of units. <c>default</c> is zero.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public readonly record struct Quantity : IComparable<Quantity>
{
    private Quantity(int units) => Units = units;

    /// <summary>Zero units.</summary>
    public static Quantity Zero => default;

    /// <summary>The number of units, never negative.</summary>
    public int Units { get; }

    /// <summary>Creates a quantity.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is negative.</exception>
    public static Quantity Of(int units) => new(Guard.NotNegative(units));

    /// <summary>Creates a quantity of at least one unit (an order line, a hold line).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is zero or negative.</exception>
    public static Quantity Positive(int units) => new(Guard.Positive(units));

    /// <summary>The sum.</summary>
    /// <exception cref="OverflowException">The sum exceeds <see cref="int.MaxValue"/>.</exception>
    public static Quantity operator +(Quantity left, Quantity right) => new(checked(left.Units + right.Units));

    /// <summary>The difference.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The result would be negative.</exception>
    public static Quantity operator -(Quantity left, Quantity right) => Of(left.Units - right.Units);

    /// <summary>The smaller of two quantities.</summary>
    public static Quantity Min(Quantity left, Quantity right) => left.Units <= right.Units ? left : right;

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Units.CompareTo(other.Units);

    /// <summary>Compares.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.Units < right.Units;

    /// <summary>Compares.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.Units > right.Units;

    /// <summary>Compares.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.Units <= right.Units;

    /// <summary>Compares.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.Units >= right.Units;

    /// <summary>The number of units as text.</summary>
    public override string ToString() => Units.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
