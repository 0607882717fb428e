using System.Globalization;

namespace OrderRouting.Sample.Cli;

/// <summary>The command line of the sample host.</summary>
/// <param name="Orders">Orders placed during the day.</param>
/// <param name="Seed">The seed of every random decision.</param>
/// <param name="JsonPath">Where to write the report as JSON; null for nowhere.</param>
/// <param name="NotificationsPath">Where notifications go; null for the temp folder.</param>
/// <param name="Help">True when the usage was asked for.</param>
internal sealed record SampleOptions(int Orders, long Seed, string? JsonPath, string? NotificationsPath, bool Help)
{
    /// <summary>The most orders a run accepts (the run time grows a little faster than the order count: 20,000 orders take about 30 s of CPU).</summary>
    public const int MaxOrders = 50_000;

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: dotnet run --project samples/OrderRouting.Sample -- [options]

        Simulates a busy trading day (Black Friday) end to end through OrderRouting and prints the operational report.

        Options:
          --orders N             orders placed during the day, 1 to 50000 (default 3000)
          --seed N               seed of every random decision; the same seed gives a byte-identical report (default 42)
          --json PATH            also write the report as JSON to PATH
          --notifications PATH   where customer notifications are written, one JSON object per line
                                 (default: orderrouting-sample-notifications.jsonl in the system temp folder)
          -h, --help             show this help
        """;

    /// <summary>Reads the command line. Options may be written <c>--name value</c> or <c>--name=value</c>.</summary>
    /// <returns>The options, or null and the problem in <paramref name="error"/>.</returns>
    public static SampleOptions? Parse(IReadOnlyList<string> args, out string error)
    {
        var options = new SampleOptions(3000, 42, null, null, false);
        error = "";
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                options = options with { Help = true };
                continue;
            }
            var name = arg;
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0) (name, value) = (arg[..equals], arg[(equals + 1)..]);
            if (name is not ("--orders" or "--seed" or "--json" or "--notifications"))
            {
                error = arg.StartsWith('-') ? $"unknown option {arg}" : $"unexpected argument \"{arg}\"";
                return null;
            }
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = $"{name} needs a value";
                    return null;
                }
                value = args[++i];
            }
            switch (name)
            {
                case "--orders":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var orders) || orders < 1 || orders > MaxOrders)
                    {
                        error = $"--orders must be a whole number from 1 to {MaxOrders}, was \"{value}\"";
                        return null;
                    }
                    options = options with { Orders = orders };
                    break;
                case "--seed":
                    if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
                    {
                        error = $"--seed must be a whole number, was \"{value}\"";
                        return null;
                    }
                    options = options with { Seed = seed };
                    break;
                case "--json":
                case "--notifications":
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        error = $"{name} needs a file path";
                        return null;
                    }
                    options = name == "--json" ? options with { JsonPath = value } : options with { NotificationsPath = value };
                    break;
            }
        }
        return options;
    }
}
