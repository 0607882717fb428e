using Xunit;

namespace OrderRouting.Sample.Tests.Cli;

public sealed class SampleAppTests
{
    [Theory]
    [InlineData("unknown option --bogus", "--bogus")]
    [InlineData("--orders needs a value", "--orders")]
    [InlineData("--orders must be a whole number from 1 to 50000, was \"0\"", "--orders", "0")]
    [InlineData("--orders must be a whole number from 1 to 50000, was \"many\"", "--orders=many")]
    [InlineData("--seed must be a whole number, was \"x\"", "--seed", "x")]
    [InlineData("--json needs a value", "--json", "--seed", "1")]
    [InlineData("unexpected argument \"extra\"", "extra")]
    public async Task RunAsync_BadOption_ExitCode2WithTheProblemAndTheUsage(string problem, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"error: {problem}\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Usage: dotnet run --project samples/OrderRouting.Sample", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_PrintsTheUsageAndExitsZero()
    {
        var (code, stdout, stderr) = await RunAsync(["--help"]);

        Assert.Equal(0, code);
        Assert.Contains("--orders N", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task RunAsync_SameSeed_ByteIdenticalJsonReportAndOutput_DifferentSeed_Different()
    {
        var (a, b, c) = (SampleRun.TempFile("a.json"), SampleRun.TempFile("b.json"), SampleRun.TempFile("c.json"));
        var notifications = SampleRun.TempFile("n.jsonl");

        var first = await RunAsync(["--orders", "250", "--seed", "11", "--json", a, "--notifications", notifications]);
        var second = await RunAsync(["--orders=250", "--seed=11", "--json", b, "--notifications", notifications]);
        var other = await RunAsync(["--orders", "250", "--seed", "12", "--json", c, "--notifications", notifications]);

        Assert.Equal((0, 0, 0), (first.Code, second.Code, other.Code));
        Assert.Equal(await File.ReadAllBytesAsync(a), await File.ReadAllBytesAsync(b));
        Assert.NotEqual(await File.ReadAllTextAsync(a), await File.ReadAllTextAsync(c));
        Assert.Equal(first.Stdout.Replace(a, "PATH", StringComparison.Ordinal), second.Stdout.Replace(b, "PATH", StringComparison.Ordinal));
        foreach (var name in (string[])["fillRate", "splitRate", "averageShippingCost", "fulfilmentTimeByLocation", "returnsRateByProduct", "returnsRateByChannel", "carrierOnTimeRate", "exceptionsByCause"])
            Assert.Contains($"\"{name}\":", await File.ReadAllTextAsync(a), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RedirectedOutput_PlainTextReportWithoutEscapeCodes()
    {
        var notifications = SampleRun.TempFile("n.jsonl");

        var (code, stdout, _) = await RunAsync(["--orders", "120", "--notifications", notifications]);

        Assert.Equal(0, code);
        Assert.DoesNotContain('\u001b', stdout);
        foreach (var heading in (string[])["Operational report", "Fulfilment time by location", "Carrier on-time rate", "Returns by channel", "Exceptions by cause", "Shadow routing"])
            Assert.Contains(heading, stdout, StringComparison.Ordinal);
        Assert.Contains($"Notifications: {Path.GetFullPath(notifications)}", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(notifications));
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SampleApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
