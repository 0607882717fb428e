using System.Text.Json.Nodes;
using Xunit;

namespace OrderRouting.Simulator.Tests.Conformance;

/// <summary>Focused regressions for engine/simulator discrepancies found by the conformance property (see coord/conformance.md).</summary>
public sealed class RegressionTests
{
    private const string Big =
        """
        { "locations": [ { "id": "w" } ],
          "inventory": [ { "location": "w", "sku": "X", "onHand": 2147483647 }, { "location": "w", "sku": "Y", "onHand": 2147483647 } ],
          "shipping": [ { "location": "w", "carrier": "c", "service": "s", "baseCost": 1, "costPerUnit": 1 } ],
          "policy": { "split": "SPLIT" },
          "orders": [ { "id": "o", "placedAt": "2026-11-25T09:00:00Z", "lines": [ { "sku": "X", "quantity": 2147483647 }, { "sku": "Y", "quantity": 2147483647 } ] } ] }
        """;

    [Theory] // C1 (rules 10, 13) and C2 (split none, rule 6)
    [InlineData("greedy")]
    [InlineData("minimize")]
    [InlineData("none")]
    public void Route_ShipmentOfMoreThanInt32Units_RoutedWithExactCost(string split)
    {
        var output = SimulatorRun.Route(Big.Replace("SPLIT", split)).Output;
        var order = output["orders"]![0]!;
        Assert.Equal("routed", (string)order["outcome"]!);
        Assert.Equal(4294967295.0, (double)order["shipments"]![0]!["cost"]!);
        Assert.Equal(4294967295.0, (double)output["totals"]!["cost"]!);
        Assert.Equal(4294967294L, (long)output["totals"]!["unitsAllocated"]!);
    }

    [Fact] // sim note #2: the format requires only non-empty carrier/service names
    public void Route_CarrierAndServiceOfWhiteSpace_RoutedUnderThatName()
    {
        const string scenario =
            """
            { "locations": [ { "id": "w" } ],
              "inventory": [ { "location": "w", "sku": "X", "onHand": 5 } ],
              "shipping": [ { "location": "w", "carrier": " ", "service": "\t", "baseCost": 2, "costPerUnit": 1 } ],
              "orders": [ { "id": "o", "placedAt": "2026-11-25T09:00:00Z", "lines": [ { "sku": "X", "quantity": 3 } ] } ] }
            """;
        var output = SimulatorRun.Route(scenario).Output;
        var shipment = output["orders"]![0]!["shipments"]![0]!;
        Assert.Equal("routed", (string)output["orders"]![0]!["outcome"]!);
        Assert.Equal(" ", (string)shipment["carrier"]!);
        Assert.Equal("\t", (string)shipment["service"]!);
        Assert.Equal(5.0, (double)shipment["cost"]!);
    }
}
