using System.Text;
using System.Text.Json.Nodes;
using OrderRouting.Simulator.Cli;

namespace OrderRouting.Simulator.Tests;

/// <summary>Runs the simulator's command line in-process on a scenario written to a temporary file.</summary>
internal sealed record SimulatorRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard error's lines.</summary>
    public string[] ErrorLines => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The output parsed as JSON.</summary>
    public JsonNode Output => JsonNode.Parse(StandardOutput) ?? throw new InvalidOperationException("no output");

    public static SimulatorRun Args(params string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exitCode = SimulatorCli.Run(args, output, error);
        return new SimulatorRun(exitCode, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    public static SimulatorRun Route(string scenarioJson)
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, scenarioJson);
        try
        {
            return Args("route", path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static SimulatorRun Route(JsonNode scenario) => Route(scenario.ToJsonString());
}

/// <summary>Scenario JSON for tests: the format's own example, to be varied one field at a time.</summary>
internal static class ScenarioJson
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static JsonNode SpecExample() => JsonNode.Parse(Fixture("spec-example.json"))!;

    /// <summary>The format's example with <paramref name="change"/> applied.</summary>
    public static JsonNode SpecExampleWith(Action<JsonNode> change)
    {
        var node = SpecExample();
        change(node);
        return node;
    }
}
