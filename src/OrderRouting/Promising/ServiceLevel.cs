namespace OrderRouting.Promising;

/// <summary>
/// A delivery speed an order asks for: delivered within <see cref="WorkingDays"/> working days after the order's
/// local placing date (in the shipping location's calendar). <see cref="NextDay"/> is 1, <see cref="TwoDay"/> is 2.
/// </summary>
/// <remarks><c>default</c> is same-day (0 working days). Immutable and thread-safe.</remarks>
public readonly record struct ServiceLevel
{
    private ServiceLevel(int workingDays) => WorkingDays = workingDays;

    /// <summary>The most working days from the local placing date to delivery.</summary>
    public int WorkingDays { get; }

    /// <summary>Delivered the next working day after the placing date.</summary>
    public static ServiceLevel NextDay { get; } = new(1);

    /// <summary>Delivered within two working days after the placing date.</summary>
    public static ServiceLevel TwoDay { get; } = new(2);

    /// <summary>Creates a service level of <paramref name="workingDays"/> working days.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative or above 365.</exception>
    public static ServiceLevel WithinWorkingDays(int workingDays) =>
        workingDays is >= 0 and <= 365 ? new(workingDays) : throw new ArgumentOutOfRangeException(nameof(workingDays), workingDays, "must be in [0, 365]");

    /// <inheritdoc />
    public override string ToString() => WorkingDays switch { 1 => "next-day", _ => $"{WorkingDays}-day" };
}
