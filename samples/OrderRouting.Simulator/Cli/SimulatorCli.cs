using OrderRouting.Network;
using OrderRouting.Simulator.Results;
using OrderRouting.Simulator.Routing;
using OrderRouting.Simulator.Scenarios;

namespace OrderRouting.Simulator.Cli;

/// <summary>
/// The command line: <c>route SCENARIO.json</c> routes the scenario and prints the result JSON on standard output
/// (exit 0). A bad command line prints the usage (exit 2); a missing or unreadable file, or a scenario that breaks
/// the format, prints one line per problem on standard error and nothing on standard output (exit 2).
/// </summary>
/// <remarks>Stateless and thread-safe; the streams are the caller's.</remarks>
public static class SimulatorCli
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug): the message is on standard error.</summary>
    public const int Failure = 1;

    /// <summary>A bad command line, a missing file or an invalid scenario: nothing was routed.</summary>
    public const int InvalidInput = 2;

    /// <summary>The usage text.</summary>
    public const string Usage =
        """
        usage: OrderRouting.Simulator route SCENARIO.json

          route SCENARIO.json   route the scenario's orders in file order and print the result JSON
          --help                print this text

        Invalid scenarios print one line per problem (JSON-PATH: problem) on standard error and exit with 2.
        The format is described in shared/scenario-format.md (version 1).
        """;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="standardOutput">Where the result JSON (or the help) goes.</param>
    /// <param name="standardError">Where problems and usage go.</param>
    /// <returns>The exit code: <see cref="Ok"/>, <see cref="Failure"/> or <see cref="InvalidInput"/>.</returns>
    public static int Run(string[] args, Stream standardOutput, TextWriter standardError)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(standardOutput);
        ArgumentNullException.ThrowIfNull(standardError);

        if (args is ["--help" or "-h" or "help"])
        {
            using var help = new StreamWriter(standardOutput, leaveOpen: true);
            help.WriteLine(Usage);
            return Ok;
        }
        if (args is not ["route", var path])
        {
            standardError.WriteLine(args.Length == 0
                ? "error: no command given"
                : $"error: unknown command line: {string.Join(' ', args)}");
            standardError.WriteLine(Usage);
            return InvalidInput;
        }

        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            standardError.WriteLine($"error: scenario file not found: {path}");
            return InvalidInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            standardError.WriteLine($"error: cannot read scenario file {path}: {e.Message}");
            return InvalidInput;
        }

        var read = ScenarioReader.Read(json);
        if (read.Scenario is null)
        {
            foreach (var problem in read.Problems) standardError.WriteLine(problem);
            return InvalidInput;
        }

        return Route(read.Scenario, standardOutput, standardError);
    }

    private static int Route(Scenario scenario, Stream standardOutput, TextWriter standardError)
    {
        ScenarioSimulation simulation;
        try
        {
            simulation = new ScenarioSimulation(scenario);
        }
        catch (Exception e) when (e is RoutingNetworkException or NotSupportedException)
        {
            standardError.WriteLine("error: the routing engine refused the scenario: " + e.Message);
            return Failure;
        }

        try
        {
            using var writer = new ResultWriter(standardOutput);
            simulation.Run(writer);
            standardOutput.Write("\n"u8);
            return Ok;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or OverflowException)
        {
            // A bug (the engine and the format disagree): say so instead of a stack trace; the output is incomplete.
            standardError.WriteLine("error: routing failed, the result is incomplete: " + e.Message);
            return Failure;
        }
    }
}
