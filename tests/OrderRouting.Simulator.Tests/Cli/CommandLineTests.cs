using Xunit;

namespace OrderRouting.Simulator.Tests.Cli;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData]
    [InlineData("route")]
    [InlineData("route", "a.json", "b.json")]
    [InlineData("simulate", "a.json")]
    [InlineData("ROUTE", "a.json")]
    public void Run_BadCommandLine_UsageAndExit2(params string[] args)
    {
        var run = SimulatorRun.Args(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        Assert.Contains("usage: OrderRouting.Simulator route SCENARIO.json", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_UsageOnStandardOutputAndExit0()
    {
        var run = SimulatorRun.Args("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("usage:", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", run.StandardError);
    }

    [Fact]
    public void Run_MissingFile_ClearErrorAndExit2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-scenario-{Guid.NewGuid():N}.json");
        var run = SimulatorRun.Args("route", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        Assert.Equal($"error: scenario file not found: {path}", run.StandardError.Trim());
    }

    [Fact]
    public void Run_PathIsADirectory_ClearErrorAndExit2()
    {
        var run = SimulatorRun.Args("route", Path.GetTempPath());
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        Assert.StartsWith("error: ", run.StandardError, StringComparison.Ordinal);
    }
}
