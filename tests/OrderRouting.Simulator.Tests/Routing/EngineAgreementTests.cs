using System.Text.Json.Nodes;
using Xunit;

namespace OrderRouting.Simulator.Tests.Routing;

/// <summary>Cases where the format allows what the engine first did not: reported to the routing branch.</summary>
public sealed class EngineAgreementTests
{
    private const string AwaitingRouting = "awaiting routing fix: see /work/coord/sim.md";

    [Fact(Skip = AwaitingRouting)]
    public void Route_ShipmentAboveInt32Units_CostCountsEveryUnit()
    {
        var scenario = ScenarioJson.SpecExampleWith(n =>
        {
            n["inventory"] = JsonNode.Parse("""
                [ { "location": "eu-1", "sku": "SKU-1", "onHand": 2147483647 }, { "location": "eu-1", "sku": "SKU-2", "onHand": 2147483647 } ]
                """);
            n["orders"]![0]!["lines"] = JsonNode.Parse("""[ { "sku": "SKU-1", "quantity": 2147483647 }, { "sku": "SKU-2", "quantity": 2147483647 } ]""");
        });
        var output = Decisions.Run(scenario);
        const double km = 2.0241037424124495;
        Assert.Equal(4.90 + 0.002 * km + 0.25 * 4294967294.0, (double)output["orders"]![0]!["shipments"]![0]!["cost"]!, 6);
        Assert.Equal(4294967294L, (long)output["totals"]!["unitsAllocated"]!);
    }

    [Fact(Skip = AwaitingRouting)]
    public void Route_CarrierAndServiceOfWhiteSpace_RoutedLikeAnyName()
    {
        var output = Decisions.Run(ScenarioJson.SpecExampleWith(n =>
        {
            n["shipping"]![0]!["carrier"] = " ";
            n["shipping"]![0]!["service"] = "\t";
        }));
        Assert.Equal(["1001 routed eu-1( /\t)[SKU-13]"], Decisions.Summarise(output));
    }
}
