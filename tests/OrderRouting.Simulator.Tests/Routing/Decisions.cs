using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace OrderRouting.Simulator.Tests.Routing;

/// <summary>Runs a scenario through the command line and summarises each order's decision on one line:
/// <c>id outcome loc(carrier/service)[SKUqty ...] ... | unallocated SKUqty ...</c>.</summary>
internal static class Decisions
{
    public static JsonNode Run(JsonNode scenario)
    {
        var run = SimulatorRun.Route(scenario);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal("", run.StandardError);
        return run.Output;
    }

    public static string[] Of(JsonNode scenario) => Summarise(Run(scenario));

    public static string[] Summarise(JsonNode output) =>
        output["orders"]!.AsArray().Select(order =>
        {
            var text = new StringBuilder($"{order!["id"]} {order["outcome"]}");
            foreach (var shipment in order["shipments"]!.AsArray())
                text.Append($" {shipment!["location"]}({shipment["carrier"]}/{shipment["service"]})[{Lines(shipment["lines"]!)}]");
            var unallocated = order["unallocated"]!.AsArray();
            if (unallocated.Count > 0) text.Append(" | ").Append(Lines(unallocated));
            return text.ToString();
        }).ToArray();

    private static string Lines(JsonNode lines) =>
        string.Join(" ", lines.AsArray().Select(l => $"{l!["sku"]}{l["quantity"]}"));
}
