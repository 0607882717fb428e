using System.Text.Json.Nodes;
using Xunit;

namespace OrderRouting.Simulator.Tests.Conformance;

/// <summary>
/// Scenario-level edge cases the generator may miss, with hand-computed expectations (not taken from either
/// implementation): each is checked on the simulator and on <see cref="ReferenceRouter"/>, and the two must agree.
/// 2026-11-27 is a Friday.
/// </summary>
public sealed class EdgeCaseTests
{
    private static JsonNode Routed(string scenario)
    {
        var difference = ConformanceJson.Compare(scenario);
        Assert.True(difference is null, difference);
        var reference = ReferenceRouter.Route(scenario, null, []);
        var simulator = SimulatorRun.Route(scenario).Output;
        Assert.Null(ConformanceJson.FirstDifference(JsonNode.Parse(reference.ToJsonString()), simulator));
        return simulator;
    }

    /// <summary>One location "w" (zone, cutoff, capacity as given) with 100 of X and one service, and the given orders (one unit of X each).</summary>
    private static string OneLocation(string zone, string? cutoff, int transitDays, int? capacity, params string[] placedAt)
    {
        var location = new JsonObject { ["id"] = "w", ["timeZone"] = zone };
        if (cutoff is not null) location["cutoff"] = cutoff;
        if (capacity is not null) location["dailyCapacity"] = capacity;
        var orders = new JsonArray();
        for (var i = 0; i < placedAt.Length; i++)
            orders.Add(new JsonObject { ["id"] = $"o{i}", ["placedAt"] = placedAt[i], ["lines"] = new JsonArray(new JsonObject { ["sku"] = "X", ["quantity"] = 1 }) });
        return new JsonObject
        {
            ["locations"] = new JsonArray(location),
            ["inventory"] = new JsonArray(new JsonObject { ["location"] = "w", ["sku"] = "X", ["onHand"] = 100 }),
            ["shipping"] = new JsonArray(new JsonObject { ["location"] = "w", ["carrier"] = "dhl", ["service"] = "std", ["transitDays"] = transitDays }),
            ["orders"] = orders,
        }.ToJsonString();
    }

    private static (string? Dispatch, string? Delivery, string Outcome) Order(JsonNode output, int i)
    {
        var order = output["orders"]![i]!;
        var shipment = order["shipments"]!.AsArray().FirstOrDefault();
        return ((string?)shipment?["dispatchDate"], (string?)shipment?["promisedDelivery"], (string)order["outcome"]!);
    }

    [Theory]
    [InlineData("2026-11-26T13:59:59.999Z", "2026-11-26", "2026-11-30")] // Thursday, a millisecond before: today; +2 working days over the weekend
    [InlineData("2026-11-26T14:00:00Z", "2026-11-27", "2026-12-01")]     // at the cutoff: next working day
    [InlineData("2026-11-26T14:00:00.001Z", "2026-11-27", "2026-12-01")]
    [InlineData("2026-11-27T14:00:00Z", "2026-11-30", "2026-12-02")]     // Friday after the cutoff: Monday
    [InlineData("2026-11-28T09:00:00Z", "2026-11-30", "2026-12-02")]     // Saturday before the cutoff: Monday
    [InlineData("2026-11-26T15:59:59+02:00", "2026-11-26", "2026-11-30")] // 13:59:59 UTC written with an offset
    [InlineData("2026-11-26T13:59:59.9999999999Z", "2026-11-26", "2026-11-30")] // beyond 100 ns: still before
    [InlineData("2026-11-26T14:00Z", "2026-11-27", "2026-12-01")]               // no seconds
    public void Route_CutoffAtTheMinute_DispatchFollowsFullPrecision(string placedAt, string dispatch, string delivery)
    {
        var output = Routed(OneLocation("UTC", "14:00", 2, null, placedAt));
        Assert.Equal((dispatch, delivery, "routed"), Order(output, 0));
    }

    [Theory]
    [InlineData("2026-11-25T00:00:00Z", "2026-11-26")] // Wednesday midnight: still next working day
    [InlineData("2026-11-25T23:59:00Z", "2026-11-26")]
    [InlineData("2026-11-27T00:00:00Z", "2026-11-30")] // Friday: Monday
    public void Route_MidnightCutoff_AlwaysNextWorkingDay(string placedAt, string dispatch)
    {
        var output = Routed(OneLocation("UTC", "00:00", 0, null, placedAt));
        Assert.Equal((dispatch, dispatch, "routed"), Order(output, 0)); // transitDays 0 delivers on the dispatch date
    }

    [Fact]
    public void Route_NoCutoffTransitZero_DeliversSameDay()
    {
        var output = Routed(OneLocation("UTC", null, 0, null, "2026-11-27T23:59:59Z"));
        Assert.Equal(("2026-11-27", "2026-11-27", "routed"), Order(output, 0));
    }

    [Fact]
    public void Route_ZoneAheadOfUtc_LocalDateIsTheNextDay()
    {
        // Auckland is UTC+13 in November: Friday 12:00 UTC is Saturday 01:00 local, so dispatch Monday.
        var output = Routed(OneLocation("Pacific/Auckland", "14:00", 1, null, "2026-11-27T12:00:00Z"));
        Assert.Equal(("2026-11-30", "2026-12-01", "routed"), Order(output, 0));
    }

    [Fact]
    public void Route_ZoneBehindUtc_LocalDateIsThePreviousDay()
    {
        // New York is UTC-5: Friday 03:00 UTC is Thursday 22:00 local, after a 14:00 cutoff: Friday.
        var output = Routed(OneLocation("America/New_York", "14:00", 1, null, "2026-11-27T03:00:00Z"));
        Assert.Equal(("2026-11-27", "2026-11-30", "routed"), Order(output, 0));
    }

    [Theory]
    [InlineData("2026-04-23T22:10:00Z", "2026-04-27")] // Cairo springs 00:00 -> 01:00 on Friday 24 April: 01:10 local is after 00:30
    [InlineData("2026-04-23T22:00:00Z", "2026-04-27")] // 01:00 local, the first instant of the day
    [InlineData("2026-04-23T21:59:00Z", "2026-04-24")] // Thursday 23:59 local: after the cutoff, Friday
    public void Route_CutoffInTheSkippedHourOfADstChange_ComparesLocalTime(string placedAt, string dispatch)
    {
        var output = Routed(OneLocation("Africa/Cairo", "00:30", 0, null, placedAt));
        Assert.Equal((dispatch, dispatch, "routed"), Order(output, 0));
    }

    [Fact]
    public void Route_CapacityAcrossUtcMidnight_CountsTheLocalPlacingDay()
    {
        // Same UTC date, different Auckland dates (Fri 23:30 and Sat 00:30): both fit a capacity of 1.
        // Then different UTC dates, same Auckland date (Thu 12:00Z = Fri 01:00, Fri 10:00Z = Fri 23:00): the second is refused.
        var sameUtc = Routed(OneLocation("Pacific/Auckland", null, 0, 1, "2026-11-27T10:30:00Z", "2026-11-27T11:30:00Z"));
        Assert.Equal("routed", Order(sameUtc, 0).Outcome);
        Assert.Equal("routed", Order(sameUtc, 1).Outcome);
        var sameLocal = Routed(OneLocation("Pacific/Auckland", null, 0, 1, "2026-11-26T12:00:00Z", "2026-11-27T10:00:00Z"));
        Assert.Equal("routed", Order(sameLocal, 0).Outcome);
        Assert.Equal("unfulfillable", Order(sameLocal, 1).Outcome);
    }

    [Fact]
    public void Route_CapacityIsTheIntakeDayNotTheDispatchDay()
    {
        // Saturday and Sunday orders both dispatch Monday, but they are placed on different days: capacity 1 each.
        var output = Routed(OneLocation("UTC", null, 0, 1, "2026-11-28T10:00:00Z", "2026-11-29T10:00:00Z", "2026-11-29T11:00:00Z"));
        Assert.Equal(("2026-11-30", "2026-11-30", "routed"), Order(output, 0));
        Assert.Equal(("2026-11-30", "2026-11-30", "routed"), Order(output, 1));
        Assert.Equal("unfulfillable", Order(output, 2).Outcome);
    }

    private static string TwoSkuNetwork(string strategy, string split, string inventory, string locations = """[ { "id": "p" }, { "id": "q" } ]""") =>
        $$"""
        {
          "locations": {{locations}},
          "inventory": {{inventory}},
          "shipping": [ { "location": "p", "carrier": "c", "service": "s" }, { "location": "q", "carrier": "c", "service": "s" } ],
          "policy": { "strategy": "{{strategy}}", "split": "{{split}}" },
          "orders": [ { "id": "o", "placedAt": "2026-11-25T09:00:00Z", "lines": [ { "sku": "A", "quantity": 1 }, { "sku": "B", "quantity": 1 } ] } ]
        }
        """;

    private const string HighStockInventory =
        """
        [ { "location": "p", "sku": "A", "onHand": 1 }, { "location": "p", "sku": "B", "onHand": 9 },
          { "location": "q", "sku": "A", "onHand": 5 }, { "location": "q", "sku": "B", "onHand": 1 } ]
        """;

    private static string[] ShipmentLocations(JsonNode output) =>
        output["orders"]![0]!["shipments"]!.AsArray().Select(s => (string)s!["location"]!).ToArray();

    [Theory]
    [InlineData("none")]
    [InlineData("minimize")]
    public void Route_HighStockWholeOrder_RanksBySumOfSkus(string split)
    {
        // p holds 1 + 9 = 10 of the order's SKUs, q 5 + 1 = 6: p first although q has more of line 1's SKU (rule 4).
        var output = Routed(TwoSkuNetwork("highStock", split, HighStockInventory));
        Assert.Equal(["p"], ShipmentLocations(output));
    }

    [Fact]
    public void Route_HighStockGreedy_RanksPerLine()
    {
        // Line A: q (5) before p (1); line B: p (9) before q (1). Shipments in order of first use.
        var output = Routed(TwoSkuNetwork("highStock", "greedy", HighStockInventory));
        Assert.Equal(["q", "p"], ShipmentLocations(output));
    }

    [Fact]
    public void Route_CapacityStrategy_UnlimitedFirst()
    {
        // p has a capacity of 10 (share 1.0, priority 0); q unlimited (priority 5): q first.
        var output = Routed(TwoSkuNetwork("capacity", "none",
            """[ { "location": "p", "sku": "A", "onHand": 5 }, { "location": "p", "sku": "B", "onHand": 5 }, { "location": "q", "sku": "A", "onHand": 5 }, { "location": "q", "sku": "B", "onHand": 5 } ]""",
            """[ { "id": "p", "dailyCapacity": 10 }, { "id": "q", "priority": 5 } ]"""));
        Assert.Equal(["q"], ShipmentLocations(output));
    }

    [Fact]
    public void Route_DistanceStrategy_UnknownDistanceLast()
    {
        // p has no position (priority 0); q is known and far (priority 9); the order has a position: q first.
        var scenario = TwoSkuNetwork("distance", "none",
            """[ { "location": "p", "sku": "A", "onHand": 5 }, { "location": "p", "sku": "B", "onHand": 5 }, { "location": "q", "sku": "A", "onHand": 5 }, { "location": "q", "sku": "B", "onHand": 5 } ]""",
            """[ { "id": "p" }, { "id": "q", "priority": 9, "position": { "latitude": -45, "longitude": 170 } } ]""")
            .Replace("\"placedAt\"", "\"shipTo\": { \"position\": { \"latitude\": 52.5, \"longitude\": 13.4 } }, \"placedAt\"");
        var output = Routed(scenario);
        Assert.Equal(["q"], ShipmentLocations(output));
        Assert.True((double)output["orders"]![0]!["shipments"]![0]!["distanceKm"]! > 15000);
    }

    [Fact]
    public void Compare_DifferentOutputs_ReportsThePath()
    {
        // The comparer itself must be able to fail.
        var a = JsonNode.Parse("""{ "x": [ { "y": 1.0 } ], "z": "a" }""");
        Assert.Equal("$.x[0].y: expected 1, got 1.0001", ConformanceJson.FirstDifference(a, JsonNode.Parse("""{ "x": [ { "y": 1.0001 } ], "z": "a" }""")));
        Assert.Equal("$.z: expected \"a\", got \"b\"", ConformanceJson.FirstDifference(a, JsonNode.Parse("""{ "x": [ { "y": 1 } ], "z": "b" }""")));
        Assert.Null(ConformanceJson.FirstDifference(a, JsonNode.Parse("""{ "x": [ { "y": 1.0000000000001 } ], "z": "a", "extra": true }""")));
    }
}
