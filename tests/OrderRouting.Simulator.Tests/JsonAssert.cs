using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace OrderRouting.Simulator.Tests;

/// <summary>Compares results as parsed JSON (layout and number formatting are free), naming the first difference's path.</summary>
internal static class JsonAssert
{
    /// <summary>Asserts equality; numbers are equal within <paramref name="relativeTolerance"/> (0: exactly as doubles).</summary>
    public static void Equal(JsonNode? expected, JsonNode? actual, double relativeTolerance = 0)
    {
        var difference = FirstDifference(expected, actual, "$", relativeTolerance);
        Assert.True(difference is null, $"{difference}\nactual:\n{actual?.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
    }

    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path, double tolerance)
    {
        if (expected is null || actual is null)
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                foreach (var (name, value) in e)
                {
                    if (!a.ContainsKey(name)) return $"{path}.{name}: missing";
                    if (FirstDifference(value, a[name], $"{path}.{name}", tolerance) is { } d) return d;
                }
                foreach (var (name, _) in a)
                    if (!e.ContainsKey(name)) return $"{path}.{name}: unexpected";
                return null;
            case JsonArray e when actual is JsonArray a:
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]", tolerance) is { } d) return d;
                return e.Count == a.Count ? null : $"{path}: expected {e.Count} elements, got {a.Count}";
            case JsonValue e when actual is JsonValue a:
                var ek = e.GetValueKind();
                if (ek != a.GetValueKind()) return $"{path}: expected {Show(e)}, got {Show(a)}";
                if (ek == JsonValueKind.Number)
                {
                    var x = e.GetValue<double>();
                    var y = a.GetValue<double>();
                    var equal = tolerance == 0 ? x == y : Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
                    return equal ? null : $"{path}: expected {x.ToString("R", CultureInfo.InvariantCulture)}, got {y.ToString("R", CultureInfo.InvariantCulture)}";
                }
                return e.ToJsonString() == a.ToJsonString() ? null : $"{path}: expected {Show(e)}, got {Show(a)}";
            default:
                return $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
