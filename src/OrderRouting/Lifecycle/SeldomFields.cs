namespace OrderRouting.Lifecycle;

/// <summary>
/// The rule of <see cref="TrackedOrder"/>'s and <see cref="TrackedShipment"/>'s shared objects of seldom-used fields:
/// setting a field to what is there already makes no new object.
/// </summary>
internal static class SeldomFields
{
    /// <summary>True when <paramref name="value"/> is what is there already: an equal value, or the same object for a
    /// reference (another object, even an equal one, is kept as given).</summary>
    public static bool Same<T>(T current, T value) =>
        typeof(T).IsValueType ? EqualityComparer<T>.Default.Equals(current, value) : ReferenceEquals(current, value);
}
