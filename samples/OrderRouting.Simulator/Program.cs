using OrderRouting.Simulator.Cli;

namespace OrderRouting.Simulator;

/// <summary>The process entry point: <see cref="SimulatorCli"/> on the console's streams.</summary>
internal static class EntryPoint
{
    private static int Main(string[] args)
    {
        using var standardOutput = new BufferedStream(Console.OpenStandardOutput(), 64 * 1024);
        var exitCode = SimulatorCli.Run(args, standardOutput, Console.Error);
        standardOutput.Flush();
        return exitCode;
    }
}
