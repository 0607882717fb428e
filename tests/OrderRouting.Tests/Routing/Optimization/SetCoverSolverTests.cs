using FsCheck;
using FsCheck.Fluent;
using OrderRouting.Routing.Optimization;
using OrderRouting.Testing;
using Xunit;

namespace OrderRouting.Tests.Routing.Optimization;

public class SetCoverSolverTests
{
    private static Arbitrary<Instance> Instances(int minCandidates, int maxCandidates, double zeroShare) =>
        Arb.From(from seed in Gen.Choose(0, int.MaxValue - 1)
                 from n in Gen.Choose(minCandidates, maxCandidates)
                 from skus in Gen.Choose(1, 4)
                 select Instance.Random(seed, n, skus, maxDemand: 9, maxStock: 5, zeroShare));

    [PropertyTest]
    public Property Solve_SmallInstance_EqualsBruteForceSubsetEnumeration() =>
        Prop.ForAll(Instances(1, 10, zeroShare: 0.5), instance =>
        {
            var plan = new SetCoverSolver().Solve(instance.Build());
            var (units, set) = BruteForce.Cover(instance);
            var chosen = plan.Locations.ToArray();
            return (plan.Proven && plan.Units == units && chosen.SequenceEqual(set)
                    && BruteForce.Coverage(instance, chosen) == units)
                .Label($"solver {plan.Units} [{string.Join(",", chosen)}], brute force {units} [{string.Join(",", set)}]");
        });

    [PropertyTest(Divisor = 4)]
    public Property Solve_BeyondExactLimit_CoversTheMostWithNoMoreLocationsThanGreedy() =>
        Prop.ForAll(Instances(17, 80, zeroShare: 0.6), Arb.From(Gen.Elements(0L, 1L, 7L, 100L, 20_000L)), (instance, budget) =>
        {
            var plan = new SetCoverSolver { HeuristicNodeBudget = budget }.Solve(instance.Build());
            var greedy = BruteForce.Greedy(instance);
            var chosen = plan.Locations.ToArray();
            return (plan.Units == greedy.Units && BruteForce.Coverage(instance, chosen) == greedy.Units
                    && chosen.Length <= greedy.Used.Length && chosen.SequenceEqual(chosen.Distinct().Order())
                    && chosen.All(plan.Contains))
                .Label($"budget {budget}: solver {plan.Units} in {chosen.Length}, greedy {greedy.Units} in {greedy.Used.Length}");
        });

    [PropertyTest(Divisor = 4)]
    public Property Solve_HeuristicClaimingProof_MatchesUnboundedSearch() =>
        Prop.ForAll(Instances(17, 30, zeroShare: 0.6), instance =>
        {
            var problem = instance.Build();
            var plan = new SetCoverSolver().Solve(problem);
            var (proven, chosen) = (plan.Proven, plan.Locations.ToArray());
            var exact = new SetCoverSolver { ExactLimit = int.MaxValue }.Solve(problem);
            return (exact.Proven && chosen.Length >= exact.Count && (!proven || chosen.SequenceEqual(exact.Locations.ToArray())))
                .Label($"heuristic [{string.Join(",", chosen)}] proven {proven}, exact [{string.Join(",", exact.Locations.ToArray())}]");
        });

    private static CoverPlan Solve(int[] demand, params int[][] stock) =>
        new SetCoverSolver().Solve(new Instance(demand, stock, stock.Select(_ => new[] { (1.0, 1.0) }).ToArray()).Build());

    [Fact]
    public void Solve_TiedSetSizes_TakesLexicographicallySmallestRanks()
    {
        // {0,3} and {1,2} both cover with two; ranks (0,3) < (1,2).
        var plan = Solve([2, 2], [2, 0], [2, 0], [0, 2], [0, 2]);
        Assert.Equal([0, 2], plan.Locations.ToArray());
        plan = Solve([2, 2], [2, 0], [0, 1], [0, 1], [0, 2]);
        Assert.Equal([0, 3], plan.Locations.ToArray());
    }

    [Fact]
    public void Solve_GreedyCoverIsNotSmallest_FindsTheSmallest()
    {
        // Greedy takes c0 (4 units) first and then needs two more; {1, 2} covers with two.
        var plan = Solve([3, 3], [2, 2], [3, 0], [0, 3]);
        Assert.Equal([1, 2], plan.Locations.ToArray());
        Assert.True(plan.Proven);
    }

    [Fact]
    public void Solve_SkuNobodyHolds_CoversTheRest()
    {
        var plan = Solve([2, 4, 1], [1, 0, 0], [1, 0, 1], [2, 0, 1]);
        Assert.Equal(3, plan.Units);
        Assert.Equal([2], plan.Locations.ToArray());
    }

    [Fact]
    public void Solve_BudgetRunsOut_ReportsHeuristicSet()
    {
        var instance = Instance.Random(3, 40, 4, maxDemand: 9, maxStock: 2, zeroShare: 0.3);
        var plan = new SetCoverSolver { HeuristicNodeBudget = 0 }.Solve(instance.Build());
        Assert.False(plan.Proven);
        Assert.Equal(BruteForce.Greedy(instance).Units, BruteForce.Coverage(instance, plan.Locations.ToArray()));
    }

    [Fact]
    public void Solve_NoStock_ChoosesNothing()
    {
        var plan = Solve([2], [0], [0]);
        Assert.Equal(0, plan.Units);
        Assert.Equal(0, plan.Count);
        Assert.False(plan.Contains(0));
    }
}
