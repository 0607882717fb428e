using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderRouting.Sample.Cli;
using OrderRouting.Sample.Hosting;
using OrderRouting.Sample.Reporting;
using OrderRouting.Sample.Simulation;
using Spectre.Console;

namespace OrderRouting.Sample;

/// <summary>The sample host's entry point, callable in-process (tests pass their own writers).</summary>
internal static class SampleApp
{
    /// <summary>Exit code of a run that finished.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a run that failed (a file could not be written).</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a bad command line.</summary>
    public const int BadUsage = 2;

    /// <summary>Parses <paramref name="args"/>, runs the day on a Generic Host, prints progress and the report.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where progress and the report go.</param>
    /// <param name="stderr">Where usage errors go.</param>
    /// <param name="console">True when <paramref name="stdout"/> is the process's console: colours and a live progress bar
    /// are used if it is an interactive terminal; false (or redirected output) prints plain text only.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool console = false)
    {
        var options = SampleOptions.Parse(args, out var error);
        if (options is null)
        {
            await stderr.WriteLineAsync($"error: {error}\n\n{SampleOptions.Usage}").ConfigureAwait(false);
            return BadUsage;
        }
        if (options.Help)
        {
            await stdout.WriteLineAsync(SampleOptions.Usage).ConfigureAwait(false);
            return Success;
        }

        var settings = new SimulationSettings { Orders = options.Orders, Seed = options.Seed, NotificationsPath = options.NotificationsPath };
        var plain = !console || Console.IsOutputRedirected;
        var terminal = CreateConsole(stdout, plain);
        try
        {
            var result = await SimulateAsync(settings, terminal, plain).ConfigureAwait(false);
            ReportRenderer.Write(terminal, result, options.JsonPath, plain);
            if (options.JsonPath is { } json)
            {
                var full = Path.GetFullPath(json);
                if (Path.GetDirectoryName(full) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(full, result.Report.ToJson() + "\n", new UTF8Encoding(false)).ConfigureAwait(false);
            }
            return Success;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: {failure.Message}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>Builds the host, runs the day, and stops the host (which closes the notification file).</summary>
    /// <param name="settings">The day to simulate.</param>
    /// <param name="terminal">Where progress goes; null for nowhere.</param>
    /// <param name="plain">Progress as lines (true) or a live bar (false).</param>
    /// <param name="inspect">Called with the host's services and the result before the host stops (tests look inside).</param>
    public static async Task<SimulationResult> SimulateAsync(
        SimulationSettings settings, IAnsiConsole? terminal = null, bool plain = true, Func<IServiceProvider, SimulationResult, Task>? inspect = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "OrderRouting.Sample", Args = [] });
        builder.Logging.ClearProviders(); // the report is the output; a real host would log here
        builder.Services.AddTradingDaySimulation(settings);
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var day = host.Services.GetRequiredService<TradingDay>();
        SimulationResult result;
        if (terminal is null)
        {
            result = await day.RunAsync().ConfigureAwait(false);
        }
        else if (plain)
        {
            terminal.WriteLine($"Simulating {settings.Orders:N0} orders on {SampleWorld.TradingDay:dddd d MMMM uuuu} (seed {settings.Seed}) ...");
            result = await day.RunAsync(new InlineProgress<SimulationProgress>(p => terminal.WriteLine(ReportRenderer.ProgressLine(p)))).ConfigureAwait(false);
        }
        else
        {
            result = await terminal.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Simulating", maxValue: 1);
                    return await day.RunAsync(new InlineProgress<SimulationProgress>(p =>
                    {
                        task.Description = Markup.Escape(ReportRenderer.ProgressLine(p).Trim());
                        task.Value = p.DayFraction;
                    })).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        if (inspect is not null) await inspect(host.Services, result).ConfigureAwait(false);
        await host.StopAsync().ConfigureAwait(false);
        return result;
    }

    private static IAnsiConsole CreateConsole(TextWriter stdout, bool plain)
    {
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(stdout),
        });
        if (plain) terminal.Profile.Width = 110; // the same layout in every CI log and redirected file
        return terminal;
    }

    /// <summary>Reports progress on the caller's thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
