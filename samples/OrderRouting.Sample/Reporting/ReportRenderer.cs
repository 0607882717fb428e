using System.Globalization;
using NodaTime;
using NodaTime.Text;
using OrderRouting.Lifecycle;
using OrderRouting.Sample.Simulation;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OrderRouting.Sample.Reporting;

/// <summary>Prints the operational report and the adapters' side of the day as tables.</summary>
internal static class ReportRenderer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly InstantPattern Minutes = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm'Z'");

    /// <summary>One line of progress: simulated time and the running counts.</summary>
    public static string ProgressLine(SimulationProgress p) => string.Format(Invariant,
        "  {0}  received {1,6:N0}  dispatched {2,6:N0}  delivered {3,6:N0}  returns {4,5:N0}  open exceptions {5,4:N0}",
        Minutes.Format(p.At), p.Received, p.Dispatched, p.Delivered, p.ReturnsRequested, p.OpenExceptions);

    /// <summary>Writes the report.</summary>
    public static void Write(IAnsiConsole console, SimulationResult result, string? jsonPath, bool plain)
    {
        var report = result.Report;
        var border = plain ? TableBorder.Ascii : TableBorder.Rounded;
        var settings = result.Settings;
        console.WriteLine();
        console.Write(new Rule($"[bold]Operational report[/] — {SampleWorld.TradingDay.ToString("dddd d MMMM uuuu", Invariant)}, {settings.Orders:N0} orders, seed {settings.Seed}")
            { Justification = Justify.Left, Border = plain ? BoxBorder.Ascii : BoxBorder.Square });
        console.WriteLine($"Simulated from {Minutes.Format(result.Span.Start)} to {Minutes.Format(result.Span.End)} (every delivery, return and refund the day set off).");
        console.WriteLine();

        var states = result.Orders.GroupBy(o => o.State).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}");
        var exchanges = result.Orders.Count(o => o.Id.Value.StartsWith("exchange-", StringComparison.Ordinal));
        var orders = Table(border, "Orders", "");
        orders.AddCells("Orders received", $"{report.Orders:N0} ({exchanges:N0} of them exchange orders)");
        orders.AddCells("Repeat deliveries recognised", $"{result.DuplicateOrders:N0} (webhook retries, overlapping marketplace polls)");
        orders.AddCells("Final states", string.Join(", ", states));
        orders.AddCells("Fill rate (first routing placed every unit)", Percent(report.FillRate));
        orders.AddCells("Split-shipment rate", Percent(report.SplitRate));
        orders.AddCells("Average shipping cost per shipped order", report.AverageShippingCost.ToString("N2", Invariant));
        console.Write(orders);

        var fulfilment = Table(border, "Location", "Kind", "Time zone", "Cutoff", "Shipments", "Avg hours", "Max hours");
        foreach (var (location, time) in report.FulfilmentTimeByLocation)
        {
            var site = SampleWorld.Site(LocationId.Of(location));
            fulfilment.AddCells(location, site.Kind.ToString(), site.Location.TimeZone.Id, site.Location.Cutoff!.Value.ToString("HH:mm", Invariant),
                time.Shipments.ToString("N0", Invariant), time.AverageHours.ToString("N1", Invariant), time.MaxHours.ToString("N1", Invariant));
        }
        console.Write(Titled(fulfilment, "Fulfilment time by location (placed to dispatched)"));

        var carriers = Table(border, "Carrier", "On time");
        foreach (var (carrier, rate) in report.CarrierOnTimeRate) carriers.AddCells(carrier, Percent(rate));
        var channels = Table(border, "Channel", "Returns rate");
        foreach (var (channel, rate) in report.ReturnsRateByChannel) channels.AddCells(channel, Percent(rate));
        var causes = Table(border, "Exception cause", "Flagged");
        foreach (var (cause, count) in report.ExceptionsByCause) causes.AddCells(cause, count.ToString("N0", Invariant));
        if (report.ExceptionsByCause.Count == 0) causes.AddCells("(none)", "0");
        console.Write(new Columns(Titled(carriers, "Carrier on-time rate"), Titled(channels, "Returns by channel"), Titled(causes, "Exceptions by cause")) { Expand = false });

        var products = Table(border, "Product", "Returns rate", "Product", "Returns rate");
        var ranked = report.ReturnsRateByProduct.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(10).ToArray();
        for (var i = 0; i < ranked.Length; i += 2)
            products.AddCells(ranked[i].Key, Percent(ranked[i].Value), i + 1 < ranked.Length ? ranked[i + 1].Key : "", i + 1 < ranked.Length ? Percent(ranked[i + 1].Value) : "");
        console.Write(Titled(products, "Returns rate by product, top 10"));

        if (report.Shadow is { } shadow)
        {
            var comparison = Table(border, $"Over {shadow.Orders:N0} first routings", "Live: distance, greedy split", "Shadow: cost, fewest shipments");
            comparison.AddCells("Average planned shipping cost", shadow.LiveAverageCost.ToString("N2", Invariant), shadow.ShadowAverageCost.ToString("N2", Invariant));
            comparison.AddCells("Split rate", Percent(shadow.LiveSplitRate), Percent(shadow.ShadowSplitRate));
            comparison.AddCells("Fill rate", Percent(shadow.LiveFillRate), Percent(shadow.ShadowFillRate));
            comparison.AddCells("Promise vs live, avg h", "", shadow.AveragePromiseDifferenceHours.ToString("+0.0;-0.0;0.0", Invariant));
            comparison.AddCells("Orders where the shadow plan is cheaper", "", shadow.ShadowCheaper.ToString("N0", Invariant));
            console.Write(Titled(comparison, "Shadow routing (never acted on)"));
        }

        var adapters = Table(border, "Adapter", "What happened");
        adapters.AddCells("Channels", string.Join(", ", result.Payloads.Select(p => $"{p.Key} {p.Value:N0} payloads")) + $"; {result.DeadLetters:N0} unreadable");
        adapters.AddCells("Fulfilment confirmations", string.Join(", ", result.ConfirmationAnswers.Select(a => $"{a.Key} {a.Value:N0}")));
        adapters.AddCells("Calls failed and retried", result.AdapterFailures.Count == 0 ? "none" : string.Join(", ", result.AdapterFailures.Select(a => $"{a.Key} {a.Value:N0}")));
        adapters.AddCells("Returns", string.Join(", ", result.Returns.GroupBy(r => r.State).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}")) is { Length: > 0 } r ? r : "none");
        adapters.AddCells("Resolutions", result.Resolutions.Count == 0 ? "none" : string.Join(", ", result.Resolutions.Select(x => $"{x.Key} {x.Value:N0}")));
        adapters.AddCells("Paid back", result.Refunded.Count == 0 ? "nothing" : string.Join(", ", result.Refunded.Select(x => $"{x.Key} {x.Value.ToString("N2", Invariant)}")));
        adapters.AddCells("Operator actions", result.OperatorActions.Count == 0 ? "none" : string.Join(", ", result.OperatorActions.Select(x => $"{x.Key} {x.Value:N0}")));
        adapters.AddCells("Notifications", $"{result.NotificationsWritten:N0} written, {result.NotificationsDeduplicated:N0} repeated sends recognised by key");
        console.Write(Titled(adapters, "The host's adapters"));

        console.WriteLine($"Notifications: {result.NotificationsPath}");
        if (jsonPath is not null) console.WriteLine($"Report JSON:   {Path.GetFullPath(jsonPath)}");
    }

    /// <summary>Adds a row of plain text (no markup parsing: names and paths may hold brackets).</summary>
    private static void AddCells(this Table table, params string[] cells) => table.AddRow(cells.Select(c => (IRenderable)new Text(c)));

    private static string Percent(double rate) => (rate * 100).ToString("0.0", Invariant) + " %";

    private static Table Table(TableBorder border, params string[] columns)
    {
        var table = new Table { Border = border };
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column)));
        return table;
    }

    private static IRenderable Titled(Table table, string title)
    {
        table.Title = new TableTitle(Markup.Escape(title));
        return table;
    }
}
