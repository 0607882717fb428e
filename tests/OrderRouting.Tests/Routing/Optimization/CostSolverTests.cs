using FsCheck;
using FsCheck.Fluent;
using OrderRouting.Routing.Optimization;
using OrderRouting.Testing;
using Xunit;

namespace OrderRouting.Tests.Routing.Optimization;

public class CostSolverTests
{
    private static Arbitrary<Instance> Small(int minCandidates, int maxCandidates) =>
        Arb.From(from seed in Gen.Choose(0, int.MaxValue - 1)
                 from n in Gen.Choose(minCandidates, maxCandidates)
                 from skus in Gen.Choose(1, 4)
                 select Instance.Random(seed, n, skus, maxDemand: skus <= 2 ? 5 : 3, maxStock: 4));

    private static Arbitrary<Instance> Large(int minCandidates, int maxCandidates, double zeroShare) =>
        Arb.From(from seed in Gen.Choose(0, int.MaxValue - 1)
                 from n in Gen.Choose(minCandidates, maxCandidates)
                 from skus in Gen.Choose(1, 4)
                 select Instance.Random(seed, n, skus, maxDemand: 8, maxStock: 6, zeroShare));

    /// <summary>The plan is a real allocation, priced as the contract prices it.</summary>
    private static bool IsConsistent(Instance instance, CostPlan plan)
    {
        long units = 0;
        double cost = 0;
        var shipments = 0;
        for (var k = 0; k < instance.Skus; k++)
        {
            var sum = 0;
            for (var c = 0; c < instance.Candidates; c++)
            {
                var x = plan.Allocated(c, k);
                if (x < 0 || x > instance.Stock[c][k]) return false;
                sum += x;
            }
            if (sum > instance.Demand[k]) return false;
        }
        for (var c = 0; c < instance.Candidates; c++)
        {
            var at = Enumerable.Range(0, instance.Skus).Sum(k => plan.Allocated(c, k));
            if (plan.UnitsAt(c) != at || (at > 0) != (plan.Service(c) >= 0)) return false;
            units += at;
            cost += BruteForce.ShipmentCost(instance, c, at);
            if (at > 0) shipments++;
        }
        return units == plan.Units && shipments == plan.Shipments && BruteForce.SameCost(cost, plan.Cost);
    }

    [PropertyTest(Divisor = 2)]
    public Property Solve_SmallInstance_EqualsBruteForceOptimum() =>
        Prop.ForAll(Small(1, 8), instance =>
        {
            var plan = new CostSolver().Solve(instance.Build(), singleShipment: false);
            var (units, cost) = BruteForce.Cost(instance, singleShipment: false);
            return (IsConsistent(instance, plan) && plan.Proven && plan.Units == units && BruteForce.SameCost(plan.Cost, cost))
                .Label($"solver {plan.Units} units at {plan.Cost}, brute force {units} at {cost}");
        });

    [PropertyTest(Divisor = 2)]
    public Property Solve_SingleShipment_EqualsBruteForceOptimum() =>
        Prop.ForAll(Small(1, 8), instance =>
        {
            var plan = new CostSolver().Solve(instance.Build(), singleShipment: true);
            var (units, cost) = BruteForce.Cost(instance, singleShipment: true);
            return (IsConsistent(instance, plan) && plan.Proven && plan.Shipments <= 1 && plan.Units == units
                    && BruteForce.SameCost(plan.Cost, cost))
                .Label($"solver {plan.Units} units at {plan.Cost} in {plan.Shipments}, brute force {units} at {cost}");
        });

    [PropertyTest(Divisor = 4)]
    public Property Solve_BeyondExactLimit_NeverWorseThanGreedyOrBestSingleLocation() =>
        Prop.ForAll(Large(17, 60, zeroShare: 0.3), Arb.From(Gen.Elements(0L, 1L, 7L, 100L, 20_000L)), (instance, budget) =>
        {
            var plan = new CostSolver { HeuristicNodeBudget = budget }.Solve(instance.Build(), singleShipment: false);
            var greedy = BruteForce.Greedy(instance);
            var single = BruteForce.BestSingle(instance);
            var noWorseThanSingle = plan.Units > single.Units || BruteForce.NoDearer(plan.Cost, single.Cost);
            return (IsConsistent(instance, plan) && plan.Units == greedy.Units && BruteForce.NoDearer(plan.Cost, greedy.Cost)
                    && plan.Units >= single.Units && noWorseThanSingle)
                .Label($"budget {budget}: solver {plan.Units} at {plan.Cost}, greedy {greedy.Units} at {greedy.Cost}, single {single.Units} at {single.Cost}");
        });

    [PropertyTest(Divisor = 4)]
    public Property Solve_HeuristicClaimingProof_MatchesUnboundedSearch() =>
        Prop.ForAll(Large(17, 24, zeroShare: 0.6), instance =>
        {
            var problem = instance.Build();
            var plan = new CostSolver().Solve(problem, singleShipment: false);
            var (units, cost, proven) = (plan.Units, plan.Cost, plan.Proven);
            var exact = new CostSolver { ExactLimit = int.MaxValue }.Solve(problem, singleShipment: false);
            return (exact.Proven && units == exact.Units && BruteForce.NoDearer(exact.Cost, cost)
                    && (!proven || BruteForce.SameCost(cost, exact.Cost)))
                .Label($"heuristic {units} at {cost} (proven {proven}), exact {exact.Units} at {exact.Cost}");
        });

    [PropertyTest(Divisor = 4)]
    public Property Solve_CandidatesReordered_SameUnitsAndCost() =>
        Prop.ForAll(Large(9, 16, zeroShare: 0.5), instance =>
        {
            var plan = new CostSolver().Solve(instance.Build(), singleShipment: false);
            var (units, cost) = (plan.Units, plan.Cost);
            var reversed = instance with
            {
                Stock = instance.Stock.Reverse().ToArray(),
                Services = instance.Services.Reverse().ToArray(),
            };
            var other = new CostSolver().Solve(reversed.Build(), singleShipment: false);
            return (plan.Proven && other.Proven && units == other.Units && BruteForce.SameCost(cost, other.Cost))
                .Label($"{units} at {cost} vs reversed {other.Units} at {other.Cost}");
        });

    [Fact]
    public void Solve_BudgetRunsOut_ReportsHeuristicPlan()
    {
        var instance = Instance.Random(7, 40, 3, maxDemand: 8, maxStock: 3, zeroShare: 0.3);
        var plan = new CostSolver { HeuristicNodeBudget = 1 }.Solve(instance.Build(), singleShipment: false);
        Assert.False(plan.Proven);
        Assert.True(BruteForce.NoDearer(plan.Cost, BruteForce.Greedy(instance).Cost));
    }

    [Fact]
    public void Solve_ReusedSolverAndProblem_GivesSameAnswersAsFreshOnes()
    {
        var solver = new CostSolver();
        var problem = new RoutingProblem();
        for (var seed = 0; seed < 200; seed++)
        {
            var instance = Instance.Random(seed, 1 + seed % 30, 1 + seed % 4, 6, 5);
            var reused = solver.Solve(instance.Build(problem), singleShipment: seed % 5 == 0);
            var fresh = new CostSolver().Solve(instance.Build(), singleShipment: seed % 5 == 0);
            Assert.Equal(fresh.Units, reused.Units);
            Assert.Equal(fresh.Cost, reused.Cost);
            Assert.True(IsConsistent(instance, reused), instance.ToString());
        }
    }

    private static CostPlan Solve(bool single, int[] demand, params (int[] Stock, (double, double)[] Services)[] candidates) =>
        new CostSolver().Solve(new Instance(demand, candidates.Select(c => c.Stock).ToArray(),
            candidates.Select(c => c.Services).ToArray()).Build(), single);

    [Fact]
    public void Solve_TwoCheapPartsBeatOneDearWhole_Splits()
    {
        var plan = Solve(false, [2, 2],
            ([2, 2], [(10, 1)]),
            ([2, 0], [(1, 1)]),
            ([0, 2], [(1, 1)]));
        Assert.Equal(4, plan.Units);
        Assert.Equal(6, plan.Cost, 9);
        Assert.Equal(2, plan.Shipments);
        Assert.Equal(0, plan.UnitsAt(0));
        Assert.True(plan.Proven);
    }

    [Fact]
    public void Solve_EqualCostOneOrTwoShipments_PrefersOne()
    {
        // Free shipping everywhere: every plan of 4 units costs 0; one shipment is preferred.
        var plan = Solve(false, [2, 2],
            ([2, 0], [(0, 0)]),
            ([0, 2], [(0, 0)]),
            ([2, 2], [(0, 0)]));
        Assert.Equal(4, plan.Units);
        Assert.Equal(0, plan.Cost);
        Assert.Equal(1, plan.Shipments);
        Assert.Equal(4, plan.UnitsAt(2));
    }

    [Fact]
    public void Solve_CostsWithinRelativeTolerance_PrefersFewerShipments()
    {
        // One shipment costs 10.000001; two cost 10: within 1e-6 relative, so they are equal.
        var plan = Solve(false, [1, 1],
            ([1, 0], [(4.5, 0.5)]),
            ([0, 1], [(4.5, 0.5)]),
            ([1, 1], [(9.000001, 0.5)]));
        Assert.Equal(1, plan.Shipments);
        Assert.Equal(10.000001, plan.Cost, 9);
    }

    [Fact]
    public void Solve_ConcaveServiceChoice_UsesTheServiceCheapestForTheLoad()
    {
        // c0: courier 1 + 3u or freight 8 + 0u. For 4 units freight (8) beats courier (13) and c1 (4 × 2.5 = 10).
        var plan = Solve(false, [4],
            ([4], [(1, 3), (8, 0)]),
            ([4], [(0, 2.5)]));
        Assert.Equal(8, plan.Cost, 9);
        Assert.Equal(1, plan.Service(0));
        Assert.Equal(-1, plan.Service(1));
    }

    [Fact]
    public void Solve_SingleShipment_TakesMostUnitsThenCheapest()
    {
        var plan = Solve(true, [3, 3],
            ([3, 3], [(20, 0)]),
            ([3, 3], [(5, 1)]),
            ([3, 0], [(0, 0)]),
            ([1, 1], [(0, 0)]));
        Assert.Equal(6, plan.Units);
        Assert.Equal(11, plan.Cost, 9);
        Assert.Equal(1, plan.Shipments);
        Assert.Equal(6, plan.UnitsAt(1));
    }

    [Fact]
    public void Solve_SingleShipmentNobodyHasAll_ShipsTheMostOneLocationHas()
    {
        var plan = Solve(true, [3, 3],
            ([3, 0], [(1, 0)]),
            ([2, 2], [(9, 0)]));
        Assert.Equal(4, plan.Units);
        Assert.Equal(9, plan.Cost, 9);
    }

    [Fact]
    public void Solve_NoStockAnywhere_AllocatesNothing()
    {
        var plan = Solve(false, [2, 1],
            ([0, 0], [(1, 1)]),
            ([0, 0], [(1, 1)]));
        Assert.Equal(0, plan.Units);
        Assert.Equal(0, plan.Cost);
        Assert.Equal(0, plan.Shipments);
        Assert.True(plan.Proven);
        Assert.Equal(-1, plan.Service(0));
    }

    [Fact]
    public void Solve_NoCandidates_AllocatesNothing()
    {
        var problem = new RoutingProblem();
        problem.Reset(1);
        problem.SetDemand(0, 5);
        var plan = new CostSolver().Solve(problem, singleShipment: false);
        Assert.Equal(0, plan.Units);
        Assert.Equal(0, plan.Shipments);
    }

    [Fact]
    public void Solve_SkuNobodyHolds_AllocatesTheRest()
    {
        var plan = Solve(false, [2, 5, 1],
            ([2, 0, 0], [(1, 1)]),
            ([1, 0, 1], [(1, 1)]));
        Assert.Equal(3, plan.Units);
        Assert.Equal(0, plan.Allocated(0, 1) + plan.Allocated(1, 1));
        Assert.Equal(1, plan.Allocated(1, 2));
    }

    [Fact]
    public void Solve_StockWithoutService_ThrowsNamingTheCandidate()
    {
        var problem = new RoutingProblem();
        problem.Reset(1);
        problem.SetDemand(0, 1);
        problem.SetSellable(problem.AddCandidate(), 0, 1);
        var error = Assert.Throws<ArgumentException>(() => new CostSolver().Solve(problem, singleShipment: false));
        Assert.Contains("candidate 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoutingProblem_BadInput_ThrowsNamingTheArgument()
    {
        var problem = new RoutingProblem();
        problem.Reset(2);
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => problem.SetDemand(0, -1)).ParamName);
        Assert.Equal("sku", Assert.Throws<ArgumentOutOfRangeException>(() => problem.SetDemand(2, 1)).ParamName);
        var c = problem.AddCandidate();
        Assert.Equal("candidate", Assert.Throws<ArgumentOutOfRangeException>(() => problem.SetSellable(1, 0, 1)).ParamName);
        Assert.Equal("fixedCost", Assert.Throws<ArgumentOutOfRangeException>(() => problem.AddService(c, -1, 0)).ParamName);
        Assert.Equal("perUnitCost", Assert.Throws<ArgumentOutOfRangeException>(() => problem.AddService(c, 0, double.NaN)).ParamName);
        problem.AddCandidate();
        Assert.Equal("candidate", Assert.Throws<ArgumentOutOfRangeException>(() => problem.AddService(c, 1, 1)).ParamName);
    }
}
