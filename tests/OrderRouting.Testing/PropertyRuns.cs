using FsCheck;
using FsCheck.Xunit;

namespace OrderRouting.Testing;

/// <summary>
/// How many cases a property runs. The default keeps the suite fast; set the environment variable
/// <c>ORDERROUTING_PROPERTY_RUNS</c> (for example to 20000) for a soak run. A failing property prints
/// FsCheck's replay seed, which <c>[Property(Replay = "...")]</c> replays.
/// </summary>
public static class PropertyRuns
{
    /// <summary>The name of the environment variable that sets the number of cases per property.</summary>
    public const string Variable = "ORDERROUTING_PROPERTY_RUNS";

    /// <summary>The number of cases when the variable is not set.</summary>
    public const int Default = 100;

    /// <summary>The number of cases each property runs in this process.</summary>
    public static int Count { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var n) && n > 0 ? n : Default;

    /// <summary>A configuration that runs <see cref="Count"/> cases and throws (with the seed) on failure.</summary>
    public static Config Config => Config.QuickThrowOnFailure.WithMaxTest(Count);
}

/// <summary>
/// An FsCheck property whose number of cases follows <see cref="PropertyRuns"/>: moderate by default,
/// long when <c>ORDERROUTING_PROPERTY_RUNS</c> is set. Use it instead of <see cref="PropertyAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PropertyTestAttribute : PropertyAttribute
{
    /// <summary>Creates the attribute with <see cref="PropertyRuns.Count"/> cases.</summary>
    public PropertyTestAttribute()
    {
        MaxTest = PropertyRuns.Count;
    }

    /// <summary>Scales the case count for expensive properties: the count is divided by this factor (at least 10 cases).</summary>
    public int Divisor
    {
        get => _divisor;
        set
        {
            _divisor = Math.Max(1, value);
            MaxTest = Math.Max(10, PropertyRuns.Count / _divisor);
        }
    }

    private int _divisor = 1;
}
