using System.Text.Json.Nodes;
using Xunit;

namespace OrderRouting.Simulator.Tests.Routing;

/// <summary>
/// Hand-computed decisions for every strategy × split × partial combination, on one small network:
/// stock a: X 2; b: Y 1; c: X 2, Y 2. Each location ships with one or two services; the attribute the strategy
/// ranks by favours a, then b, then c, while the priorities say otherwise (so a test passes only if the strategy
/// is really used). Orders: X 2 + Y 4 (at most 5 units can ship) and X 2 + Y 2 (all can ship).
/// </summary>
public sealed class PolicyMatrixTests
{
    /// <summary>The network for a ranking strategy under which a ranks before b before c.</summary>
    internal static JsonNode TestNetwork(string strategy, string split, string partial, int unitsOfY)
    {
        // priority ranks by priority; capacity ties (b, c both with their whole capacity left) go to priority;
        // every other strategy gets priorities that would rank c first.
        int[] priorities = strategy switch
        {
            "priority" => [1, 2, 3],
            "capacity" => [3, 1, 2],
            _ => [3, 2, 1],
        };
        var locations = new JsonArray();
        string[] ids = ["a", "b", "c"];
        for (var i = 0; i < 3; i++)
        {
            var location = new JsonObject { ["id"] = ids[i], ["priority"] = priorities[i] };
            if (strategy == "distance")
                location["position"] = new JsonObject { ["latitude"] = 0.0, ["longitude"] = i + 1.0 };
            if (strategy == "capacity" && i > 0) location["dailyCapacity"] = 4;
            locations.Add(location);
        }

        var carrierScore = strategy == "carrierScore";
        var order = Order("o1", "2026-11-27T09:00:00Z", ("X", 2), ("Y", unitsOfY));
        if (strategy == "distance")
            order["shipTo"] = new JsonObject { ["position"] = new JsonObject { ["latitude"] = 0.0, ["longitude"] = 0.0 } };
        return new JsonObject
        {
            ["formatVersion"] = 1,
            ["locations"] = locations,
            ["inventory"] = JsonNode.Parse("""
                [ { "location": "a", "sku": "X", "onHand": 2 },
                  { "location": "b", "sku": "Y", "onHand": 1 },
                  { "location": "c", "sku": "X", "onHand": 2 },
                  { "location": "c", "sku": "Y", "onHand": 3, "safetyStock": 1 } ]
                """),
            ["shipping"] = new JsonArray(
                Service("a", "fast", 5, carrierScore ? 0.99 : 0.5),
                Service("a", "slow", 1, 0.8),
                Service("b", "std", 2, carrierScore ? 0.95 : 0.6),
                Service("c", "std", 3, carrierScore ? 0.90 : 0.7)),
            ["policy"] = new JsonObject { ["strategy"] = strategy, ["split"] = split, ["partial"] = partial },
            ["orders"] = new JsonArray(order),
        };
    }

    internal static JsonObject Service(string location, string service, double baseCost, double score) =>
        new() { ["location"] = location, ["carrier"] = "post", ["service"] = service, ["baseCost"] = baseCost, ["score"] = score };

    internal static JsonObject Order(string id, string placedAt, params (string Sku, int Quantity)[] lines)
    {
        var array = new JsonArray();
        foreach (var (sku, quantity) in lines) array.Add(new JsonObject { ["sku"] = sku, ["quantity"] = quantity });
        return new JsonObject { ["id"] = id, ["placedAt"] = placedAt, ["lines"] = array };
    }

    public static TheoryData<string, string, string, int, string> RankingCases(bool minimize)
    {
        var data = new TheoryData<string, string, string, int, string>();
        foreach (var strategy in new[] { "priority", "distance", "capacity", "carrierScore" })
        {
            // a ships X with its cheapest service, except under carrierScore (its best-scored one).
            var a = strategy == "carrierScore" ? "a(post/fast)" : "a(post/slow)";
            if (minimize)
            {
                MinimizeCases(data, strategy);
                continue;
            }
            data.Add(strategy, "greedy", "allow", 4, $"o1 partial {a}[X2] b(post/std)[Y1] c(post/std)[Y2] | Y1");
            data.Add(strategy, "greedy", "forbid", 4, "o1 unfulfillable | X2 Y4");
            data.Add(strategy, "greedy", "allow", 2, $"o1 routed {a}[X2] b(post/std)[Y1] c(post/std)[Y1]");
            data.Add(strategy, "greedy", "forbid", 2, $"o1 routed {a}[X2] b(post/std)[Y1] c(post/std)[Y1]");
            // none: no single location ships 6; c covers the most (4); with forbid the order is refused.
            data.Add(strategy, "none", "allow", 4, "o1 partial c(post/std)[X2 Y2] | Y2");
            data.Add(strategy, "none", "forbid", 4, "o1 unfulfillable | X2 Y4");
            data.Add(strategy, "none", "allow", 2, "o1 routed c(post/std)[X2 Y2]");
            data.Add(strategy, "none", "forbid", 2, "o1 routed c(post/std)[X2 Y2]");
        }
        return data;
    }

    private static void MinimizeCases(TheoryData<string, string, string, int, string> data, string strategy)
    {
            // minimize: 5 units need b and c (the only Y); inside {b, c}, X walks b (none) then c.
            data.Add(strategy, "minimize", "allow", 4, "o1 partial c(post/std)[X2 Y2] b(post/std)[Y1] | Y1");
            data.Add(strategy, "minimize", "forbid", 4, "o1 unfulfillable | X2 Y4");
            data.Add(strategy, "minimize", "allow", 2, "o1 routed c(post/std)[X2 Y2]");
            data.Add(strategy, "minimize", "forbid", 2, "o1 routed c(post/std)[X2 Y2]");
    }

    [Theory]
    [MemberData(nameof(RankingCases), false)]
    public void Route_RankingStrategy_HandComputedDecision(string strategy, string split, string partial, int unitsOfY, string expected) =>
        Assert.Equal([expected], Decisions.Of(TestNetwork(strategy, split, partial, unitsOfY)));

    [Theory]
    [MemberData(nameof(RankingCases), true)]
    public void Route_RankingStrategyMinimize_HandComputedDecision(string strategy, string split, string partial, int unitsOfY, string expected) =>
        Assert.Equal([expected], Decisions.Of(TestNetwork(strategy, split, partial, unitsOfY)));

    public static TheoryData<string, string, int, string> HighStockCases() => new()
    {
        // Per line under greedy: X ties a (2) and c (2), priority picks a; Y ranks c (2) before b (1).
        { "greedy", "allow", 4, "o1 partial a(post/slow)[X2] c(post/std)[Y2] b(post/std)[Y1] | Y1" },
        { "greedy", "forbid", 4, "o1 unfulfillable | X2 Y4" },
        { "greedy", "allow", 2, "o1 routed a(post/slow)[X2] c(post/std)[Y2]" },
        { "greedy", "forbid", 2, "o1 routed a(post/slow)[X2] c(post/std)[Y2]" },
        { "none", "allow", 4, "o1 partial c(post/std)[X2 Y2] | Y2" },
        { "none", "forbid", 4, "o1 unfulfillable | X2 Y4" },
        { "none", "allow", 2, "o1 routed c(post/std)[X2 Y2]" },
        { "none", "forbid", 2, "o1 routed c(post/std)[X2 Y2]" },
    };

    public static TheoryData<string, string, int, string> HighStockMinimizeCases() => new()
    {
        // Whole order (rule 4): c (4) > a (2) > b (1); {b, c} is the only pair covering 5 units.
        { "minimize", "allow", 4, "o1 partial c(post/std)[X2 Y2] b(post/std)[Y1] | Y1" },
        { "minimize", "forbid", 4, "o1 unfulfillable | X2 Y4" },
        { "minimize", "allow", 2, "o1 routed c(post/std)[X2 Y2]" },
        { "minimize", "forbid", 2, "o1 routed c(post/std)[X2 Y2]" },
    };

    [Theory]
    [MemberData(nameof(HighStockCases))]
    [MemberData(nameof(HighStockMinimizeCases))]
    public void Route_HighStock_HandComputedDecision(string split, string partial, int unitsOfY, string expected)
    {
        var scenario = TestNetwork("priority", split, partial, unitsOfY);
        scenario["policy"]!["strategy"] = "highStock";
        Assert.Equal([expected], Decisions.Of(scenario));
    }

    /// <summary>The cost network: per-unit costs a 0, b 0.5, c 1 on top of base costs a 1 (slow), b 2, c 3.</summary>
    private static JsonNode CostNetwork(string split, string partial, int unitsOfY)
    {
        var scenario = TestNetwork("cost", split, partial, unitsOfY);
        scenario["shipping"]![2]!["costPerUnit"] = 0.5;
        scenario["shipping"]![3]!["costPerUnit"] = 1.0;
        return scenario;
    }

    public static TheoryData<string, string, int, string, double> CostCases() => new()
    {
        // X2 + Y4: 5 units at most. {b, c} with X from c: 2.5 + 7 = 9.5; {a, b, c}: 1 + 2.5 + 5 = 8.5 (cheapest).
        // Listed by priority (c 1, b 2, a 3).
        { "greedy", "allow", 4, "o1 partial c(post/std)[Y2] b(post/std)[Y1] a(post/slow)[X2] | Y1", 8.5 },
        { "minimize", "allow", 4, "o1 partial c(post/std)[Y2] b(post/std)[Y1] a(post/slow)[X2] | Y1", 8.5 },
        // One shipment: c ships the most (4 units) for 3 + 4.
        { "none", "allow", 4, "o1 partial c(post/std)[X2 Y2] | Y2", 7 },
        { "greedy", "forbid", 4, "o1 unfulfillable | X2 Y4", 0 },
        { "minimize", "forbid", 4, "o1 unfulfillable | X2 Y4", 0 },
        { "none", "forbid", 4, "o1 unfulfillable | X2 Y4", 0 },
        // X2 + Y2: c alone costs 7; a (X2, 1) + c (Y2, 5) costs 6.
        { "greedy", "allow", 2, "o1 routed c(post/std)[Y2] a(post/slow)[X2]", 6 },
        { "minimize", "forbid", 2, "o1 routed c(post/std)[Y2] a(post/slow)[X2]", 6 },
        { "none", "allow", 2, "o1 routed c(post/std)[X2 Y2]", 7 },
        { "none", "forbid", 2, "o1 routed c(post/std)[X2 Y2]", 7 },
    };

    [Theory]
    [MemberData(nameof(CostCases))]
    public void Route_Cost_HandComputedDecision(string split, string partial, int unitsOfY, string expected, double cost)
    {
        var output = Decisions.Run(CostNetwork(split, partial, unitsOfY));
        Assert.Equal([expected], Decisions.Summarise(output));
        Assert.Equal(cost, (double)output["totals"]!["cost"]!, 9);
    }
}
