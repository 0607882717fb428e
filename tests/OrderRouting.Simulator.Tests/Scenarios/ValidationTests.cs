using System.Text.Json.Nodes;
using OrderRouting.Simulator.Scenarios;
using Xunit;
using static OrderRouting.Simulator.Tests.ScenarioJson;

namespace OrderRouting.Simulator.Tests.Scenarios;

/// <summary>The format's Validation section, one rule per test, through the command line: exit 2, nothing on
/// standard output, one line per problem naming its JSON path, in document order.</summary>
public sealed class ValidationTests
{
    private static void AssertRejected(JsonNode scenario, params string[] paths) => AssertRejected(scenario.ToJsonString(), paths);

    private static void AssertRejected(string scenario, params string[] paths)
    {
        var run = SimulatorRun.Route(scenario);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        var lines = run.ErrorLines;
        Assert.True(paths.Length == lines.Length, $"expected {paths.Length} problem(s), got:\n{run.StandardError}");
        for (var i = 0; i < paths.Length; i++)
            Assert.True(lines[i].StartsWith(paths[i] + ": ", StringComparison.Ordinal), $"line {i}: expected {paths[i]}, got:\n{run.StandardError}");
    }

    private static void AssertValid(JsonNode scenario)
    {
        var read = ScenarioReader.Read(scenario.ToJsonString());
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
    }

    [Fact]
    public void Read_SpecExample_IsValid() => AssertValid(SpecExample());

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{ \"orders\": [], }")]
    [InlineData("// comment\n{}")]
    [InlineData("{} {}")]
    public void Route_NotJson_OneRootLine(string text) => AssertRejected(text, "$");

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    public void Route_RootNotAnObject_RootLine(string text) => AssertRejected(text, "$");

    [Fact]
    public void Route_FormatVersionMissingOrNull_IsOne()
    {
        AssertValid(SpecExampleWith(n => n.AsObject().Remove("formatVersion")));
        AssertValid(SpecExampleWith(n => n["formatVersion"] = null));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("1.0")]
    [InlineData("\"1\"")]
    [InlineData("0")]
    public void Route_FormatVersionNotIntegerOne_Rejected(string value) =>
        AssertRejected(SpecExampleWith(n => n["formatVersion"] = JsonNode.Parse(value)), "$.formatVersion");

    [Fact]
    public void Route_SectionsMissing_AreEmptyLists()
    {
        var run = SimulatorRun.Route("{}");
        Assert.True(run.ExitCode == 0, run.StandardError);
        AssertValid(JsonNode.Parse("{ \"locations\": null, \"inventory\": null, \"shipping\": null, \"orders\": null, \"policy\": null }")!);
    }

    [Fact]
    public void Route_LocationsNotAnArray_RejectedAndRowsNameUnknownLocations() =>
        AssertRejected(SpecExampleWith(n => n["locations"] = new JsonObject()), "$.locations", "$.inventory[0].location", "$.shipping[0].location");

    [Theory]
    [InlineData("inventory")]
    [InlineData("shipping")]
    [InlineData("orders")]
    public void Route_SectionNotAnArray_Rejected(string section) =>
        AssertRejected(SpecExampleWith(n => n[section] = new JsonObject()), "$." + section);

    [Fact]
    public void Route_ArrayElementNotAnObject_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["orders"]!.AsArray().Add(42)), "$.orders[1]");

    [Fact]
    public void Route_PropertyNamesAreCaseSensitive_OnHandIsUnknown() =>
        AssertRejected(SpecExampleWith(n =>
        {
            var row = n["inventory"]![0]!.AsObject();
            row.Remove("onHand");
            row["OnHand"] = 5;
        }), "$.inventory[0].onHand");

    [Fact]
    public void Route_UnknownProperties_Ignored() =>
        AssertValid(SpecExampleWith(n =>
        {
            n["comment"] = "ignored";
            n["locations"]![0]!["Priority"] = "not an integer, but unknown";
            n["orders"]![0]!["lines"]![0]!["note"] = new JsonArray(1, 2);
            n["policy"]!["weights"] = new JsonObject();
        }));

    [Theory]
    [InlineData("strategy", "Priority")]
    [InlineData("strategy", "weighted")]
    [InlineData("split", "Greedy")]
    [InlineData("split", "all")]
    [InlineData("partial", "ALLOW")]
    [InlineData("partial", "never")]
    public void Route_UnknownPolicyValue_Rejected(string field, string value) =>
        AssertRejected(SpecExampleWith(n => n["policy"]![field] = value), "$.policy." + field);

    [Fact]
    public void Route_PolicyValueNotAString_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["policy"]!["split"] = 1), "$.policy.split");

    [Fact]
    public void Route_PolicyNotAnObject_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["policy"] = "priority"), "$.policy");

    [Fact]
    public void Read_PolicyMissingOrPartial_Defaults()
    {
        var none = ScenarioReader.Read(SpecExampleWith(n => n.AsObject().Remove("policy")).ToJsonString());
        Assert.Equal(ScenarioPolicy.Default, none.Scenario!.Policy);
        var some = ScenarioReader.Read(SpecExampleWith(n => n["policy"] = new JsonObject { ["split"] = "none", ["partial"] = null }).ToJsonString());
        Assert.Equal(new ScenarioPolicy(ScenarioStrategy.Priority, ScenarioSplit.None, ScenarioPartial.Allow), some.Scenario!.Policy);
    }

    [Fact]
    public void Read_NullOptionalFields_SameAsMissing()
    {
        var read = ScenarioReader.Read(SpecExampleWith(n =>
        {
            foreach (var field in new[] { "priority", "position", "timeZone", "cutoff", "dailyCapacity", "enabled" })
                n["locations"]![0]![field] = null;
            n["inventory"]![0]!["safetyStock"] = null;
            foreach (var field in new[] { "baseCost", "costPerKm", "costPerUnit", "transitDays", "score" })
                n["shipping"]![0]![field] = null;
            n["orders"]![0]!["channel"] = null;
            n["orders"]![0]!["shipTo"] = null;
        }).ToJsonString());
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        var scenario = read.Scenario!;
        Assert.Equal(new ScenarioLocation("eu-1", 0, null, NodaTime.DateTimeZone.Utc, null, null, true), scenario.Locations[0]);
        Assert.Equal(new ScenarioService("eu-1", "dhl", "standard", 0, 0, 0, 0, 1), scenario.Shipping[0]);
        Assert.Null(scenario.Orders[0].ShipTo);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("placedAt")]
    [InlineData("lines")]
    public void Route_RequiredOrderFieldNull_IsRequired(string field)
    {
        var run = SimulatorRun.Route(SpecExampleWith(n => n["orders"]![0]![field] = null));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"$.orders[0].{field}: is required", run.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("placedAt")]
    [InlineData("lines")]
    public void Route_RequiredOrderFieldMissing_IsRequired(string field)
    {
        var run = SimulatorRun.Route(SpecExampleWith(n => n["orders"]![0]!.AsObject().Remove(field)));
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        Assert.StartsWith($"$.orders[0].{field}: is required", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_LocationIdMissing_IsRequired() =>
        AssertRejected(SpecExampleWith(n => n["locations"]![0]!.AsObject().Remove("id")),
            "$.locations[0].id", "$.inventory[0].location", "$.shipping[0].location");

    [Theory]
    [InlineData("locations", "id")]
    [InlineData("orders", "id")]
    [InlineData("inventory", "sku")]
    [InlineData("shipping", "carrier")]
    [InlineData("shipping", "service")]
    public void Route_EmptyIdentifier_Rejected(string section, string field)
    {
        var expected = section == "locations"
            ? new[] { "$.locations[0].id", "$.inventory[0].location", "$.shipping[0].location" }
            : [$"$.{section}[0].{field}"];
        AssertRejected(SpecExampleWith(n => n[section]![0]![field] = ""), expected);
    }

    [Fact]
    public void Route_LineSkuEmpty_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["orders"]![0]!["lines"]![0]!["sku"] = ""), "$.orders[0].lines[0].sku");

    [Theory]
    [InlineData("shipping", "carrier")]
    [InlineData("shipping", "service")]
    [InlineData("shipping", "location")]
    [InlineData("inventory", "location")]
    [InlineData("inventory", "sku")]
    [InlineData("inventory", "onHand")]
    public void Route_RequiredRowFieldMissing_IsRequired(string section, string field) =>
        AssertRejected(SpecExampleWith(n => n[section]![0]!.AsObject().Remove(field)), $"$.{section}[0].{field}");

    [Theory]
    [InlineData("2.0")]
    [InlineData("2e0")]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    [InlineData("\"2\"")]
    [InlineData("true")]
    public void Route_QuantityNotA32BitInteger_Rejected(string value) =>
        AssertRejected(SpecExampleWith(n => n["orders"]![0]!["lines"]![0]!["quantity"] = JsonNode.Parse(value)), "$.orders[0].lines[0].quantity");

    [Theory]
    [InlineData("locations", "priority")]
    [InlineData("locations", "dailyCapacity")]
    [InlineData("inventory", "onHand")]
    [InlineData("inventory", "safetyStock")]
    [InlineData("shipping", "transitDays")]
    public void Route_IntegerFieldWithFraction_Rejected(string section, string field) =>
        AssertRejected(SpecExampleWith(n => n[section]![0]![field] = JsonNode.Parse("2.0")), $"$.{section}[0].{field}");

    [Fact]
    public void Read_IntegerBounds_Accepted()
    {
        var read = ScenarioReader.Read(SpecExampleWith(n =>
        {
            n["locations"]![0]!["priority"] = int.MinValue;
            n["locations"]![0]!["dailyCapacity"] = int.MaxValue;
            n["orders"]![0]!["lines"]![0]!["quantity"] = int.MaxValue;
            n["shipping"]![0]!["transitDays"] = 365;
        }).ToJsonString());
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        Assert.Equal(int.MinValue, read.Scenario!.Locations[0].Priority);
    }

    [Theory]
    [InlineData("inventory", "onHand")]
    [InlineData("inventory", "safetyStock")]
    [InlineData("locations", "dailyCapacity")]
    [InlineData("shipping", "transitDays")]
    [InlineData("shipping", "baseCost")]
    [InlineData("shipping", "costPerKm")]
    [InlineData("shipping", "costPerUnit")]
    public void Route_NegativeValue_Rejected(string section, string field) =>
        AssertRejected(SpecExampleWith(n => n[section]![0]![field] = -1), $"$.{section}[0].{field}");

    [Fact]
    public void Read_NegativePriority_Accepted() => AssertValid(SpecExampleWith(n => n["locations"]![0]!["priority"] = -3));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Route_QuantityNotPositive_Rejected(int quantity) =>
        AssertRejected(SpecExampleWith(n => n["orders"]![0]!["lines"]![0]!["quantity"] = quantity), "$.orders[0].lines[0].quantity");

    [Fact]
    public void Route_TransitDaysAbove365_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["shipping"]![0]!["transitDays"] = 366), "$.shipping[0].transitDays");

    [Theory]
    [InlineData(1.0000001)]
    [InlineData(-0.01)]
    public void Route_ScoreOutsideZeroOne_Rejected(double score) =>
        AssertRejected(SpecExampleWith(n => n["shipping"]![0]!["score"] = score), "$.shipping[0].score");

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Read_ScoreAtBounds_Accepted(double score) => AssertValid(SpecExampleWith(n => n["shipping"]![0]!["score"] = score));

    [Fact]
    public void Route_CostNotANumber_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["shipping"]![0]!["baseCost"] = "4.90"), "$.shipping[0].baseCost");

    [Theory]
    [InlineData("2026-11-27T09:00:00Z")]
    [InlineData("2026-11-27T09:00Z")]
    [InlineData("2026-11-27T09:00:00.5+01:00")]
    [InlineData("2026-11-27T09:00:00.123456789123-05:30")]
    [InlineData("2026-02-28T23:59:59-00:00")]
    [InlineData("2028-02-29T00:00:00+14:00")]
    public void Read_PlacedAtWithOffset_Accepted(string placedAt) =>
        AssertValid(SpecExampleWith(n => n["orders"]![0]!["placedAt"] = placedAt));

    [Theory]
    [InlineData("2026-11-27T09:00:00")]
    [InlineData("2026-11-27 09:00:00Z")]
    [InlineData("2026-11-27T09:00:00+0100")]
    [InlineData("2026-11-27T09:00:00+01")]
    [InlineData("2026-11-27")]
    [InlineData("2026-11-27T9:00:00Z")]
    [InlineData("2026-02-30T09:00:00Z")]
    [InlineData("2026-11-27T24:00:00Z")]
    [InlineData("2026-11-27T09:00:60Z")]
    [InlineData("2026-11-27T09:00:00.Z")]
    [InlineData("2026-11-27T09:00:00+19:00")]
    [InlineData("2026-11-27T09:00:00Z ")]
    [InlineData("1764234000")]
    [InlineData("")]
    public void Route_PlacedAtMalformed_Rejected(string placedAt) =>
        AssertRejected(SpecExampleWith(n => n["orders"]![0]!["placedAt"] = placedAt), "$.orders[0].placedAt");

    [Fact]
    public void Read_PlacedAtOffset_ConvertedToInstant()
    {
        var read = ScenarioReader.Read(SpecExampleWith(n => n["orders"]![0]!["placedAt"] = "2026-11-27T23:30:00.25-05:30").ToJsonString());
        Assert.Equal(NodaTime.Instant.FromUtc(2026, 11, 28, 5, 0).PlusNanoseconds(250_000_000), read.Scenario!.Orders[0].PlacedAt);
    }

    [Theory]
    [InlineData("9:00")]
    [InlineData("24:00")]
    [InlineData("14:60")]
    [InlineData("14:00:00")]
    [InlineData("1400")]
    [InlineData("")]
    [InlineData(" 14:00")]
    public void Route_CutoffNotHHmm_Rejected(string cutoff) =>
        AssertRejected(SpecExampleWith(n => n["locations"]![0]!["cutoff"] = cutoff), "$.locations[0].cutoff");

    [Theory]
    [InlineData("00:00")]
    [InlineData("23:59")]
    public void Read_CutoffBounds_Accepted(string cutoff) => AssertValid(SpecExampleWith(n => n["locations"]![0]!["cutoff"] = cutoff));

    [Theory]
    [InlineData("europe/berlin")]
    [InlineData("Europe/Atlantis")]
    [InlineData("CET+1")]
    [InlineData("")]
    public void Route_TimeZoneNotAnIanaId_Rejected(string zone) =>
        AssertRejected(SpecExampleWith(n => n["locations"]![0]!["timeZone"] = zone), "$.locations[0].timeZone");

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Asia/Kolkata")]
    public void Read_TimeZoneIanaId_Accepted(string zone) => AssertValid(SpecExampleWith(n => n["locations"]![0]!["timeZone"] = zone));

    [Fact]
    public void Route_DuplicateLocationId_RejectedAtSecond() =>
        AssertRejected(SpecExampleWith(n => n["locations"]!.AsArray().Add(JsonNode.Parse("""{ "id": "eu-1" }"""))), "$.locations[1].id");

    [Fact]
    public void Read_LocationIdsCaseSensitive_NotDuplicates() =>
        AssertValid(SpecExampleWith(n => n["locations"]!.AsArray().Add(JsonNode.Parse("""{ "id": "EU-1" }"""))));

    [Fact]
    public void Route_DuplicateOrderId_RejectedAtSecond() =>
        AssertRejected(SpecExampleWith(n => n["orders"]!.AsArray().Add(n["orders"]![0]!.DeepClone())), "$.orders[1].id");

    [Fact]
    public void Route_DuplicateInventoryRow_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["inventory"]!.AsArray().Add(n["inventory"]![0]!.DeepClone())), "$.inventory[1]");

    [Fact]
    public void Route_SkuTwiceInOneOrder_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["orders"]![0]!["lines"]!.AsArray().Add(JsonNode.Parse("""{ "sku": "SKU-1", "quantity": 1 }"""))),
            "$.orders[0].lines[1].sku");

    [Fact]
    public void Read_SameSkuInTwoOrders_Accepted() =>
        AssertValid(SpecExampleWith(n =>
        {
            var second = n["orders"]![0]!.DeepClone();
            second["id"] = "1002";
            n["orders"]!.AsArray().Add(second);
        }));

    [Theory]
    [InlineData("inventory")]
    [InlineData("shipping")]
    public void Route_RowNamesUnknownLocation_Rejected(string section) =>
        AssertRejected(SpecExampleWith(n => n[section]![0]!["location"] = "eu-9"), $"$.{section}[0].location");

    [Fact]
    public void Read_RowsBeforeLocationsInFile_Accepted()
    {
        var example = SpecExample().AsObject();
        var reordered = new JsonObject();
        foreach (var name in new[] { "orders", "shipping", "inventory", "policy", "locations", "formatVersion" })
            reordered[name] = example[name]!.DeepClone();
        AssertValid(reordered);
    }

    [Theory]
    [InlineData("latitude")]
    [InlineData("longitude")]
    public void Route_LocationPositionMissingCoordinate_Rejected(string coordinate) =>
        AssertRejected(SpecExampleWith(n => n["locations"]![0]!["position"]!.AsObject().Remove(coordinate)), $"$.locations[0].position.{coordinate}");

    [Fact]
    public void Route_ShipToPositionEmpty_BothCoordinatesRequired() =>
        AssertRejected(SpecExampleWith(n => n["orders"]![0]!["shipTo"]!["position"] = new JsonObject()),
            "$.orders[0].shipTo.position.latitude", "$.orders[0].shipTo.position.longitude");

    [Theory]
    [InlineData("latitude", 90.5)]
    [InlineData("latitude", -91)]
    [InlineData("longitude", 180.01)]
    [InlineData("longitude", -181)]
    public void Route_CoordinateOutOfRange_Rejected(string coordinate, double value) =>
        AssertRejected(SpecExampleWith(n => n["orders"]![0]!["shipTo"]!["position"]![coordinate] = value), $"$.orders[0].shipTo.position.{coordinate}");

    [Fact]
    public void Route_LinesEmpty_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["orders"]![0]!["lines"] = new JsonArray()), "$.orders[0].lines");

    [Fact]
    public void Route_EnabledNotABoolean_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["locations"]![0]!["enabled"] = "false"), "$.locations[0].enabled");

    [Fact]
    public void Route_ShipToCountryNotAString_Rejected() =>
        AssertRejected(SpecExampleWith(n => n["orders"]![0]!["shipTo"]!["country"] = 49), "$.orders[0].shipTo.country");

    [Fact]
    public void Route_ManyProblems_AllReportedInDocumentOrder()
    {
        var scenario = """
            {
              "orders": [
                { "lines": [ { "quantity": 2.5, "sku": "" } ], "placedAt": "yesterday", "id": "a" },
                { "id": "a", "placedAt": "2026-11-27T09:00:00Z", "lines": [ { "sku": "X", "quantity": 1 } ] }
              ],
              "policy": { "partial": "maybe", "strategy": "fastest" },
              "locations": [ { "id": "l1", "cutoff": "2pm", "timeZone": "Mars/Base" }, { "id": "l1", "dailyCapacity": -1 } ],
              "inventory": [ { "location": "l2", "sku": "X", "onHand": -4 } ],
              "formatVersion": 3
            }
            """;
        AssertRejected(scenario,
            "$.orders[0].lines[0].quantity",
            "$.orders[0].lines[0].sku",
            "$.orders[0].placedAt",
            "$.orders[1].id",
            "$.policy.partial",
            "$.policy.strategy",
            "$.locations[0].cutoff",
            "$.locations[0].timeZone",
            "$.locations[1].id",
            "$.locations[1].dailyCapacity",
            "$.inventory[0].location",
            "$.inventory[0].onHand",
            "$.formatVersion");
    }

    [Fact]
    public void Read_EscapedStrings_SameAsPlainOnes()
    {
        var text = ScenarioJson.Fixture("spec-example.json")
            .Replace("\"sku\": \"SKU-1\", \"quantity\"", "\"sku\": \"SKU\\u002D1\", \"quantity\"", StringComparison.Ordinal)
            .Replace("2026-11-27T09:00:00Z", "2026-11-27T09:00:00\\u005A", StringComparison.Ordinal);
        var read = ScenarioReader.Read(text);
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        Assert.Equal("SKU-1", read.Scenario!.Orders[0].Lines[0].Sku);
        Assert.Equal(NodaTime.Instant.FromUtc(2026, 11, 27, 9, 0), read.Scenario.Orders[0].PlacedAt);
    }

    [Fact]
    public void Route_DuplicatePropertyInObject_LastOneCounts()
    {
        var text = SpecExample().ToJsonString().Replace("\"quantity\":3", "\"quantity\":0,\"quantity\":3", StringComparison.Ordinal);
        var read = ScenarioReader.Read(text);
        Assert.True(read.IsValid, string.Join("\n", read.Problems));
        Assert.Equal(3, read.Scenario!.Orders[0].Lines[0].Quantity);
    }
}
