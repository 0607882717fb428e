using System.Runtime.CompilerServices;

namespace OrderRouting;

/// <summary>Argument checks shared by every package; messages name the argument that failed.</summary>
internal static class Guard
{
    /// <summary>Checks an identifier: not null, not empty, no leading or trailing white space, at most 200 characters.</summary>
    public static string Identifier(string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null) throw new ArgumentNullException(name);
        if (value.Length == 0) throw new ArgumentException("must not be empty", name);
        if (value.Length > 200) throw new ArgumentException($"must be at most 200 characters, was {value.Length}", name);
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            throw new ArgumentException($"must not start or end with white space: \"{value}\"", name);
        return value;
    }

    public static int NotNegative(int value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must not be negative");

    public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be greater than zero");

    public static double InRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"must be in [{min}, {max}]");

    public static T NotNull<T>(T? value, [CallerArgumentExpression(nameof(value))] string? name = null) where T : class =>
        value ?? throw new ArgumentNullException(name);
}
