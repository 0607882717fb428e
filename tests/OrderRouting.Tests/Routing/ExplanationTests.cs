using NodaTime;
using OrderRouting.Routing;
using OrderRouting.Routing.Eligibility;
using OrderRouting.Routing.Strategies;
using Xunit;
using static OrderRouting.Tests.Routing.Scenario;

namespace OrderRouting.Tests.Routing;

public class ExplanationTests
{
    [Fact]
    public void Route_WithoutExplain_HasNoExplanation() =>
        Assert.Null(Engine(Location("a")).Route(Order(Line("S", 1)), Stock(("a", "S", 1))).Explanation);

    [Fact]
    public void Route_Explain_ListsCandidatesInRankOrderThenRejectedWithReasons()
    {
        var engine = Engine(RankingStrategies.Distance, SplitPolicy.Greedy, PartialPolicy.Allow,
            Location("far", position: GeoPoint.Of(48.14, 11.58), services: [Service(baseCost: 3, perUnit: 1)]),
            Location("near", position: GeoPoint.Of(52.40, 13.06), services: [Service(baseCost: 5)]),
            Location("off", enabled: false),
            Location("full", capacity: 0));
        var order = Order(Friday0900, GeoPoint.Of(52.5, 13.4), Line("S", 3));

        var result = engine.Route(order, Stock(("far", "S", 5), ("near", "S", 2), ("off", "S", 9)), explain: true);

        var explanation = result.Explanation!;
        Assert.Equal(("distance", SplitPolicy.Greedy, PartialPolicy.Allow), (explanation.Strategy, explanation.Split, explanation.Partial));
        Assert.Equal(["near", "far", "full", "off"], explanation.Candidates.Select(c => c.Location.Value));
        var near = explanation.Candidates[0];
        Assert.Equal((1, 2, 5.0, true), (near.Rank, near.Sellable, near.EstimatedCost, near.Used));
        Assert.Equal(near.DistanceKm, near.Score);
        var far = explanation.Candidates[1];
        Assert.Equal((2, 5, 6.0, true), (far.Rank, far.Sellable, far.EstimatedCost, far.Used));
        Assert.Equal(RejectionCode.CapacityFull, explanation.Candidates[2].Rejection!.Value.Code);
        Assert.Equal(RejectionCode.Disabled, explanation.Candidates[3].Rejection!.Value.Code);
        Assert.Equal(9, explanation.Candidates[3].Sellable);
        Assert.Contains("off: rejected (Disabled: the location is disabled)", explanation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_ExplainRefusedOrder_MarksNothingUsed()
    {
        var engine = Engine(RankingStrategies.Priority, SplitPolicy.Greedy, PartialPolicy.Forbid, Location("a"));
        var result = engine.Route(Order(Line("S", 3)), Stock(("a", "S", 1)), explain: true);
        Assert.False(Assert.Single(result.Explanation!.Candidates).Used);
    }

    [Fact]
    public void Route_ExplainDoesNotChangeTheDecision()
    {
        var engine = Engine(RankingStrategies.HighStock, SplitPolicy.Greedy, PartialPolicy.Allow, Location("a"), Location("b"), Location("c"));
        var stock = Stock(("a", "X", 1), ("b", "X", 3), ("c", "Y", 2), ("a", "Y", 5));
        var order = Order(Line("X", 4), Line("Y", 6));
        Assert.Equal(Describe(engine.Route(order, stock)), Describe(engine.Route(order, stock, explain: true)));
    }
}
