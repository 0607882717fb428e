using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using OrderRouting.Simulator.Results;
using OrderRouting.Simulator.Scenarios;
using Xunit;

namespace OrderRouting.Simulator.Tests.Results;

public sealed class ResultWriterTests
{
    private static JsonNode Write(Action<ResultWriter> write, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new ResultWriter(stream, indented))
        {
            write(writer);
            writer.Complete();
        }
        return JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!;
    }

    [Fact]
    public void WriteOrder_SpecExampleDecision_GivesSpecOutput()
    {
        var shipment = new ShipmentResult("eu-1", "dhl", "standard", [new ScenarioLine("SKU-1", 3)],
            2.0241037424124495, 4.90 + 0.002 * 2.0241037424124495 + 0.25 * 3, new LocalDate(2026, 11, 27), new LocalDate(2026, 12, 1));
        var output = Write(w => w.WriteOrder(new OrderResult("1001", OrderOutcome.Routed, [shipment], []), 3));
        JsonAssert.Equal(JsonNode.Parse(ScenarioJson.Fixture("spec-example.expected.json")), output);
    }

    [Fact]
    public void Complete_NoOrders_EmptyListAndZeroTotals()
    {
        var output = Write(_ => { }, indented: false);
        JsonAssert.Equal(JsonNode.Parse("""
            { "orders": [], "totals": { "orders": 0, "routed": 0, "partial": 0, "unfulfillable": 0,
              "units": 0, "unitsAllocated": 0, "shipments": 0, "cost": 0 } }
            """), output);
    }

    [Fact]
    public void WriteOrder_UnknownDistanceAndUnfulfillable_NullDistanceEmptyShipments()
    {
        var shipment = new ShipmentResult("a", "c", "s", [new ScenarioLine("X", 1), new ScenarioLine("Y", 2)], null, 0.1,
            new LocalDate(2, 1, 3), new LocalDate(9999, 12, 31));
        var output = Write(w =>
        {
            w.WriteOrder(new OrderResult("p", OrderOutcome.Partial, [shipment], [new ScenarioLine("Y", 5)]), 8);
            w.WriteOrder(new OrderResult("u", OrderOutcome.Unfulfillable, [], [new ScenarioLine("Z", 4)]), 4);
        });
        Assert.Null(output["orders"]![0]!["shipments"]![0]!["distanceKm"]);
        Assert.True(output["orders"]![0]!["shipments"]![0]!.AsObject().ContainsKey("distanceKm"));
        Assert.Equal("0002-01-03", (string?)output["orders"]![0]!["shipments"]![0]!["dispatchDate"]);
        Assert.Equal("9999-12-31", (string?)output["orders"]![0]!["shipments"]![0]!["promisedDelivery"]);
        Assert.Equal("partial", (string?)output["orders"]![0]!["outcome"]);
        Assert.Equal("unfulfillable", (string?)output["orders"]![1]!["outcome"]);
        Assert.Empty(output["orders"]![1]!["shipments"]!.AsArray());
        JsonAssert.Equal(JsonNode.Parse("""
            { "orders": 2, "routed": 0, "partial": 1, "unfulfillable": 1, "units": 12, "unitsAllocated": 3, "shipments": 1, "cost": 0.1 }
            """), output["totals"]);
    }

    [Fact]
    public void WriteOrder_Doubles_RoundTripExactly()
    {
        var costs = new[] { 0.1 + 0.2, 1e-300, 123456789.123456789, double.Epsilon, 5.654048207484825 };
        var output = Write(w =>
        {
            for (var i = 0; i < costs.Length; i++)
                w.WriteOrder(new OrderResult($"{i}", OrderOutcome.Routed,
                    [new ShipmentResult("a", "c", "s", [new ScenarioLine("X", 1)], costs[i], costs[i], new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 1))], []), 1);
        });
        for (var i = 0; i < costs.Length; i++)
        {
            Assert.Equal(costs[i], (double)output["orders"]![i]!["shipments"]![0]!["cost"]!);
            Assert.Equal(costs[i], (double)output["orders"]![i]!["shipments"]![0]!["distanceKm"]!);
        }
    }

    [Fact]
    public void Totals_CountsAbove32Bits_Are64Bit()
    {
        var totals = new ResultTotals();
        var result = new OrderResult("x", OrderOutcome.Unfulfillable, [], [new ScenarioLine("X", int.MaxValue)]);
        totals.Add(result, int.MaxValue);
        totals.Add(result, int.MaxValue);
        Assert.Equal(2L * int.MaxValue, totals.Units);
    }

    [Fact]
    public void WriteOrder_NonAsciiIds_WrittenAsText()
    {
        var output = Write(w => w.WriteOrder(new OrderResult("Bestellung-ä-€-\"q\"", OrderOutcome.Unfulfillable, [], [new ScenarioLine("SKU-<1>", 1)]), 1));
        Assert.Equal("Bestellung-ä-€-\"q\"", (string?)output["orders"]![0]!["id"]);
        Assert.Equal("SKU-<1>", (string?)output["orders"]![0]!["unallocated"]![0]!["sku"]);
    }
}
