using System.Text.Json.Nodes;
using Xunit;
using static OrderRouting.Simulator.Tests.Routing.PolicyMatrixTests;

namespace OrderRouting.Simulator.Tests.Routing;

/// <summary>Hand-computed acceptance cases for the format's precise rules, through the command line.</summary>
public sealed class ScenarioRulesTests
{
    [Fact]
    public void Route_SpecExample_GivesSpecOutputExactly()
    {
        var run = SimulatorRun.Route(ScenarioJson.Fixture("spec-example.json"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.StandardError);
        JsonAssert.Equal(JsonNode.Parse(ScenarioJson.Fixture("spec-example.expected.json")), run.Output);
    }

    [Fact]
    public void Route_ShipToWithoutPosition_DistanceNullAndNoPerKmCost()
    {
        var output = Decisions.Run(ScenarioJson.SpecExampleWith(n => n["orders"]![0]!["shipTo"]!.AsObject().Remove("position")));
        var shipment = output["orders"]![0]!["shipments"]![0]!;
        Assert.True(shipment.AsObject().ContainsKey("distanceKm"));
        Assert.Null(shipment["distanceKm"]);
        Assert.Equal(4.90 + 0.25 * 3, (double)shipment["cost"]!);
    }

    private static JsonNode OneLocation(string zone, string? cutoff, int transitDays, params JsonObject[] orders)
    {
        var location = new JsonObject { ["id"] = "w", ["timeZone"] = zone };
        if (cutoff is not null) location["cutoff"] = cutoff;
        return new JsonObject
        {
            ["locations"] = new JsonArray(location),
            ["inventory"] = JsonNode.Parse("""[ { "location": "w", "sku": "X", "onHand": 1000 } ]"""),
            ["shipping"] = new JsonArray(new JsonObject { ["location"] = "w", ["carrier"] = "dhl", ["service"] = "std", ["transitDays"] = transitDays }),
            ["orders"] = new JsonArray(orders),
        };
    }

    [Theory]
    // Berlin, cutoff 14:00 (CET = UTC+1): 13:59:59.999 local is before the cutoff, 14:00:00 is not.
    [InlineData("Europe/Berlin", "14:00", "2026-11-27T12:59:59.999Z", 2, "2026-11-27", "2026-12-01")]
    [InlineData("Europe/Berlin", "14:00", "2026-11-27T13:00:00Z", 2, "2026-11-30", "2026-12-02")]
    [InlineData("Europe/Berlin", "14:00", "2026-11-27T14:00:00+01:00", 2, "2026-11-30", "2026-12-02")]
    // Saturday and Sunday ship on Monday.
    [InlineData("Europe/Berlin", "14:00", "2026-11-28T09:00:00Z", 2, "2026-11-30", "2026-12-02")]
    [InlineData("Europe/Berlin", null, "2026-11-29T23:00:00Z", 1, "2026-11-30", "2026-12-01")]
    // DST: on 2026-03-30 Berlin is UTC+2, so 12:30Z is 14:30 local (after the cutoff) and 11:59Z is 13:59 (before).
    [InlineData("Europe/Berlin", "14:00", "2026-03-30T12:30:00Z", 2, "2026-03-31", "2026-04-02")]
    [InlineData("Europe/Berlin", "14:00", "2026-03-30T11:59:00Z", 2, "2026-03-30", "2026-04-01")]
    // Across midnight: Saturday 03:00 UTC is still Friday 22:00 in New York; Friday 16:00 UTC is Saturday in Tokyo.
    [InlineData("America/New_York", null, "2026-11-28T03:00:00Z", 0, "2026-11-27", "2026-11-27")]
    [InlineData("Asia/Tokyo", null, "2026-11-27T16:00:00Z", 0, "2026-11-30", "2026-11-30")]
    // "00:00": every order ships the next working day; Friday's next working day is Monday.
    [InlineData("UTC", "00:00", "2026-11-30T00:00:00Z", 0, "2026-12-01", "2026-12-01")]
    [InlineData("UTC", "00:00", "2026-11-27T00:00:00Z", 1, "2026-11-30", "2026-12-01")]
    // Transit days are working days: Friday + 5 is the next Friday.
    [InlineData("UTC", null, "2026-11-27T10:00:00Z", 5, "2026-11-27", "2026-12-04")]
    public void Route_PromiseDates_FromLocalCutoffAndWorkingDays(string zone, string? cutoff, string placedAt, int transitDays, string dispatch, string delivery)
    {
        var output = Decisions.Run(OneLocation(zone, cutoff, transitDays, Order("o", placedAt, ("X", 1))));
        var shipment = output["orders"]![0]!["shipments"]![0]!;
        Assert.Equal(dispatch, (string?)shipment["dispatchDate"]);
        Assert.Equal(delivery, (string?)shipment["promisedDelivery"]);
    }

    [Fact]
    public void Route_DailyCapacity_CountsShipmentsPerLocalPlacingDayAcrossOrders()
    {
        var scenario = new JsonObject
        {
            ["locations"] = JsonNode.Parse("""
                [ { "id": "a", "priority": 1, "timeZone": "America/New_York", "dailyCapacity": 1 },
                  { "id": "b", "priority": 2 } ]
                """),
            ["inventory"] = JsonNode.Parse("""[ { "location": "a", "sku": "X", "onHand": 10 }, { "location": "b", "sku": "X", "onHand": 10 } ]"""),
            ["shipping"] = new JsonArray(Service("a", "std", 1, 1), Service("b", "std", 1, 1)),
            ["orders"] = new JsonArray(
                Order("fri-18h", "2026-11-27T23:00:00Z", ("X", 1)),  // Friday 18:00 in New York: a
                Order("fri-23h", "2026-11-28T04:00:00Z", ("X", 1)),  // still Friday there: a is full, b
                Order("sat-00h", "2026-11-28T05:30:00Z", ("X", 1)),  // Saturday 00:30 there: a again
                Order("sat-01h", "2026-11-28T06:00:00Z", ("X", 1))), // b
        };
        Assert.Equal(
            ["fri-18h routed a(post/std)[X1]", "fri-23h routed b(post/std)[X1]", "sat-00h routed a(post/std)[X1]", "sat-01h routed b(post/std)[X1]"],
            Decisions.Of(scenario));
    }

    [Fact]
    public void Route_DailyCapacityZero_NeverShips()
    {
        var scenario = OneLocation("UTC", null, 0, Order("o", "2026-11-27T10:00:00Z", ("X", 1)));
        scenario["locations"]![0]!["dailyCapacity"] = 0;
        Assert.Equal(["o unfulfillable | X1"], Decisions.Of(scenario));
    }

    [Fact]
    public void Route_PartialForbidRefused_ConsumesNoStockNorCapacity()
    {
        var scenario = OneLocation("UTC", null, 0,
            Order("too-big", "2026-11-27T10:00:00Z", ("X", 3), ("Y", 1)),
            Order("fits", "2026-11-27T11:00:00Z", ("Y", 1)),
            Order("nothing-left", "2026-11-27T12:00:00Z", ("Y", 1)));
        scenario["inventory"] = JsonNode.Parse("""[ { "location": "w", "sku": "X", "onHand": 2 }, { "location": "w", "sku": "Y", "onHand": 1 } ]""");
        scenario["locations"]![0]!["dailyCapacity"] = 1;
        scenario["policy"] = new JsonObject { ["partial"] = "forbid" };
        Assert.Equal(
            ["too-big unfulfillable | X3 Y1", "fits routed w(dhl/std)[Y1]", "nothing-left unfulfillable | Y1"],
            Decisions.Of(scenario));
    }

    [Fact]
    public void Route_Greedy_ShipmentsInOrderOfFirstUseWalkingTheLines()
    {
        var scenario = TestNetwork("priority", "greedy", "allow", 1);
        // Line 1 (Y) can only come from b or c, line 2 (X) from a: b is listed before a although a ranks first.
        scenario["orders"] = new JsonArray(Order("o", "2026-11-27T09:00:00Z", ("Y", 1), ("X", 1)));
        Assert.Equal(["o routed b(post/std)[Y1] a(post/slow)[X1]"], Decisions.Of(scenario));
    }

    [Fact]
    public void Route_StockAcrossOrders_LaterOrdersSeeWhatEarlierOnesLeft()
    {
        var scenario = TestNetwork("priority", "greedy", "allow", 1);
        scenario["orders"] = new JsonArray(
            Order("o1", "2026-11-27T09:00:00Z", ("X", 3)),
            Order("o2", "2026-11-27T09:01:00Z", ("X", 2)),
            Order("o3", "2026-11-27T09:02:00Z", ("X", 1), ("Y", 1)));
        Assert.Equal(
            ["o1 routed a(post/slow)[X2] c(post/std)[X1]", "o2 partial c(post/std)[X1] | X1", "o3 partial b(post/std)[Y1] | X1"],
            Decisions.Of(scenario));
    }

    [Fact]
    public void Route_DisabledOrServiceLessLocation_NeverRoutedTo()
    {
        var scenario = TestNetwork("priority", "greedy", "allow", 1);
        scenario["locations"]![0]!["enabled"] = false;          // a: disabled
        scenario["shipping"]!.AsArray().RemoveAt(2);             // b: no service left
        scenario["orders"] = new JsonArray(Order("o", "2026-11-27T09:00:00Z", ("X", 1), ("Y", 2)));
        Assert.Equal(["o routed c(post/std)[X1 Y2]"], Decisions.Of(scenario));
    }

    [Fact]
    public void Route_NoneWithPartialAllow_TiesGoToTheBestRanked()
    {
        var scenario = TestNetwork("priority", "none", "allow", 1);
        // a and c both cover 2 of the 3 units (X 2); a ranks first.
        scenario["orders"] = new JsonArray(Order("o", "2026-11-27T09:00:00Z", ("X", 3)));
        Assert.Equal(["o partial a(post/slow)[X2] | X1"], Decisions.Of(scenario));
    }

    [Fact]
    public void Route_UnfulfillableLines_UnallocatedInLineOrder()
    {
        var scenario = TestNetwork("priority", "greedy", "allow", 1);
        scenario["orders"] = new JsonArray(Order("o", "2026-11-27T09:00:00Z", ("Z", 4), ("X", 5), ("Y", 1)));
        Assert.Equal(["o partial a(post/slow)[X2] c(post/std)[X2] b(post/std)[Y1] | Z4 X1"], Decisions.Of(scenario));
    }

    [Fact]
    public void Route_Totals_CountEveryOrderAndSumEveryShipment()
    {
        var scenario = TestNetwork("priority", "greedy", "allow", 1);
        scenario["shipping"]![1]!["costPerUnit"] = 0.1;
        scenario["orders"] = new JsonArray(
            Order("o1", "2026-11-27T09:00:00Z", ("X", 3)),            // a X2 (1 + 0.2), c X1 (3): routed
            Order("o2", "2026-11-27T09:01:00Z", ("X", 2), ("Y", 1)),  // c X1 (3) ... b Y1 (2): partial
            Order("o3", "2026-11-27T09:02:00Z", ("Q", 7)));           // unfulfillable
        var output = Decisions.Run(scenario);
        var cost = ((1 + 0.1 * 2) + 3.0 + 3.0 + 2.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            ["o1 routed a(post/slow)[X2] c(post/std)[X1]", "o2 partial c(post/std)[X1] b(post/std)[Y1] | X1", "o3 unfulfillable | Q7"],
            Decisions.Summarise(output));
        JsonAssert.Equal(JsonNode.Parse($$"""
            { "orders": 3, "routed": 1, "partial": 1, "unfulfillable": 1, "units": 13, "unitsAllocated": 5, "shipments": 4,
              "cost": {{cost}} }
            """), output["totals"], relativeTolerance: 1e-12);
    }

    [Fact]
    public void Route_IdsTheLibraryRefuses_RoutedUnderStandInsAndReportedAsWritten()
    {
        // " b" sorts before "a" ordinally (space < 'a'), so on equal priority it wins the tie (rule 3).
        var scenario = new JsonObject
        {
            ["locations"] = JsonNode.Parse("""[ { "id": "a" }, { "id": " b" } ]"""),
            ["inventory"] = JsonNode.Parse("""
                [ { "location": "a", "sku": "sku 1 ", "onHand": 5 }, { "location": " b", "sku": "sku 1 ", "onHand": 1 } ]
                """),
            ["shipping"] = new JsonArray(Service("a", "std", 1, 1), Service(" b", "std", 1, 1)),
            ["orders"] = new JsonArray(Order(" order 1", "2026-11-27T09:00:00Z", ("sku 1 ", 3))),
        };
        scenario["orders"]![0]!["shipTo"] = JsonNode.Parse("""{ "country": "Germany", "postalCode": "10115/Berlin" }""");
        Assert.Equal([" order 1 routed  b(post/std)[sku 1 1] a(post/std)[sku 1 2]"], Decisions.Of(scenario));
    }

    [Fact]
    public void Route_NoOrders_EmptyResultWithZeroTotals()
    {
        var output = Decisions.Run(JsonNode.Parse("{}")!);
        Assert.Empty(output["orders"]!.AsArray());
        Assert.Equal(0, (long)output["totals"]!["orders"]!);
    }
}
