using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderRouting.Simulator.Tests.Conformance;

/// <summary>Compares a reference result with an engine's as parsed JSON: every field of the reference must match; an engine may add fields (rule 13).</summary>
internal static class ConformanceJson
{
    /// <summary>The first difference's path and values, or null when equal (numbers within <paramref name="relative"/>).</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, double relative = 1e-9, string path = "$")
    {
        if (expected is null || actual is null)
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                foreach (var (name, value) in e)
                {
                    if (!a.ContainsKey(name)) return $"{path}.{name}: missing";
                    if (FirstDifference(value, a[name], relative, $"{path}.{name}") is { } d) return d;
                }
                return null;
            case JsonArray e when actual is JsonArray a:
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                    if (FirstDifference(e[i], a[i], relative, $"{path}[{i}]") is { } d) return d;
                return e.Count == a.Count ? null : $"{path}: expected {e.Count} elements, got {a.Count}";
            case JsonValue e when actual is JsonValue a:
                var kind = e.GetValueKind();
                if (kind != a.GetValueKind()) return $"{path}: expected {Show(e)}, got {Show(a)}";
                if (kind == JsonValueKind.Number)
                {
                    var x = e.GetValue<double>();
                    var y = a.GetValue<double>();
                    return Math.Abs(x - y) <= relative * Math.Max(Math.Abs(x), Math.Abs(y))
                        ? null
                        : $"{path}: expected {x.ToString("R", CultureInfo.InvariantCulture)}, got {y.ToString("R", CultureInfo.InvariantCulture)}";
                }
                return e.ToJsonString() == a.ToJsonString() ? null : $"{path}: expected {Show(e)}, got {Show(a)}";
            default:
                return $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    public static string Pretty(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";

    /// <summary>Routes <paramref name="scenarioJson"/> with the simulator and the reference; null when they agree, else a replayable report.</summary>
    public static string? Compare(string scenarioJson)
    {
        var run = SimulatorRun.Route(scenarioJson);
        if (run.ExitCode != 0)
            return $"simulator exit {run.ExitCode}: {run.StandardError}\nscenario:\n{scenarioJson}";
        var actual = run.Output;
        var problems = new List<string>();
        var expected = JsonNode.Parse(ReferenceRouter.Route(scenarioJson, i => ReferenceRouter.PlanOf(actual["orders"]![i]!), problems).ToJsonString());
        var difference = FirstDifference(expected, actual);
        if (difference is null && problems.Count == 0) return null;
        return $"{string.Join("\n", problems)}\n{difference}\nscenario:\n{scenarioJson}\nreference:\n{Pretty(expected)}\nsimulator:\n{Pretty(actual)}";
    }
}
