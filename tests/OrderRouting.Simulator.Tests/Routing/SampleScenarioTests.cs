using System.Text.Json.Nodes;
using Xunit;

namespace OrderRouting.Simulator.Tests.Routing;

/// <summary>The example scenarios shipped in <c>samples/scenarios/</c> run, and decide what their comments promise.</summary>
public sealed class SampleScenarioTests
{
    private static JsonNode Run(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SampleScenarios", name);
        var run = SimulatorRun.Args("route", path);
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal("", run.StandardError);
        return run.Output;
    }

    private static string Totals(JsonNode output) =>
        $"{output["totals"]!["orders"]} orders: {output["totals"]!["routed"]} routed, {output["totals"]!["partial"]} partial, " +
        $"{output["totals"]!["unfulfillable"]} unfulfillable; {output["totals"]!["unitsAllocated"]}/{output["totals"]!["units"]} units in {output["totals"]!["shipments"]} shipments";

    [Fact]
    public void Route_EuCutoffsPriority_SplitsAcrossZonesAndCutoffs()
    {
        var output = Run("eu-cutoffs-priority.json");
        Assert.Equal(
        [
            "web-5001 routed de-berlin(dhl/paket)[JACKET-M1 SCARF2]",
            // 13:59:59.999 in Berlin: Berlin (1 sellable left after safety stock) and Paris both ship today.
            "web-5002 routed de-berlin(dhl/paket)[JACKET-M1] fr-paris(colissimo/standard)[JACKET-M1]",
            "amazon-de-77 routed fr-paris(colissimo/standard)[BOOTS-422] es-madrid(correos/paq)[BOOTS-421] de-berlin(dhl/paket)[SCARF1]",
            "web-5003 routed es-madrid(correos/paq)[BOOTS-422]",
            // Dublin holds 50 boots but is disabled.
            "web-5004 partial fr-paris(colissimo/standard)[JACKET-M5] pl-warsaw(inpost/courier)[JACKET-M3] es-madrid(correos/paq)[BOOTS-427] | BOOTS-4213",
            "web-5005 unfulfillable | BOOTS-421",
        ], Decisions.Summarise(output));
        var amazon = output["orders"]![2]!["shipments"]!;
        // 14:30 in Paris and Madrid is before their cutoffs (15:00, 16:00), after Berlin's (14:00).
        Assert.Equal(["2026-11-27", "2026-11-27", "2026-11-30"], amazon.AsArray().Select(s => (string)s!["dispatchDate"]!));
        Assert.Equal(["2026-12-01", "2026-12-02", "2026-12-02"], amazon.AsArray().Select(s => (string)s!["promisedDelivery"]!));
    }

    [Fact]
    public void Route_CostOptimisedSplit_ChoosesTheCheapestPlans()
    {
        var output = Run("cost-optimised-split.json");
        var summary = Decisions.Summarise(output);
        Assert.Equal("NL-90001 routed store-amsterdam(bike/same-city)[KETTLE1 MUG-SET2]", summary[0]);
        // ESPRESSO is only in Antwerp; the mugs go by bike from Amsterdam rather than with the Antwerp parcel's
        // costlier per-unit rate or from the DC. Listed by priority.
        Assert.Equal("NL-90004 routed store-amsterdam(bike/same-city)[MUG-SET2] store-antwerp(bpost/standard)[ESPRESSO1 TOASTER1]", summary[3]);
        Assert.Equal("6 orders: 5 routed, 1 partial, 0 unfulfillable; 20/23 units in 7 shipments", Totals(output));
    }

    [Fact]
    public void Route_BlackFridayCapacity_SpreadsLoadAndRunsOutOfDailyCapacity()
    {
        var output = Run("black-friday-capacity.json");
        var summary = Decisions.Summarise(output);
        // 15 shipments a day fit (6 + 4 + 2 + 3); the 16th to 18th Black Friday orders find every location full.
        Assert.Equal(["BF-1016 unfulfillable | TV-551", "BF-1017 unfulfillable | HDMI-2M2", "BF-1018 unfulfillable | TV-551 SOUNDBAR1"], summary[15..18]);
        // After local midnight the capacity is fresh again.
        Assert.StartsWith("BF-1019 routed dc-leipzig", summary[18], StringComparison.Ordinal);
        Assert.Equal("21 orders: 18 routed, 0 partial, 3 unfulfillable; 31/36 units in 18 shipments", Totals(output));
    }
}
