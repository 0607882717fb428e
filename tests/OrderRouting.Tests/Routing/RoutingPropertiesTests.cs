using FsCheck;
using FsCheck.Fluent;
using OrderRouting.Network;
using OrderRouting.Routing;
using OrderRouting.Routing.Strategies;
using OrderRouting.Testing;

namespace OrderRouting.Tests.Routing;

public class RoutingPropertiesTests
{
    /// <summary>Routes every order of a case in order under every policy, applying each decision, and checks each.</summary>
    private static bool ForEveryPolicy(RandomCase @case, Func<RoutingPolicy, RoutingResult, InMemoryStockView, DailyCapacityCounter, bool> check)
    {
        var (locations, _, orders) = @case.Build();
        var network = RoutingNetwork.Create(locations);
        foreach (var policy in RandomCase.Policies())
        {
            var (_, stock, _) = @case.Build();
            var capacity = new DailyCapacityCounter();
            var engine = new RoutingEngine(network, policy);
            foreach (var order in orders)
            {
                var result = engine.Route(order, stock, capacity);
                if (!check(policy, result, stock, capacity)) return false;
                stock.Apply(result);
                capacity.Apply(result);
            }
        }
        return true;
    }

    [PropertyTest(Divisor = 4)]
    public Property Route_NeverAllocatesMoreThanSellableOrOrdered() =>
        Prop.ForAll(RandomCase.Arb(6), @case => Labelled(@case, () => ForEveryPolicy(@case, (_, result, stock, _) =>
        {
            foreach (var group in result.Shipments.SelectMany(s => s.Lines.Select(l => (s.LocationId, l.Sku, l.Quantity))).GroupBy(x => (x.LocationId, x.Sku)))
                if (group.Sum(x => x.Quantity) > stock.GetSellable(group.Key.LocationId, group.Key.Sku)) return false;
            foreach (var line in result.Order.Lines)
            {
                var allocated = result.Shipments.Sum(s => s.Lines.Where(l => ReferenceEquals(l.Line, line)).Sum(l => l.Quantity));
                var left = result.Unallocated.Where(u => ReferenceEquals(u.Line, line)).Sum(u => u.Quantity);
                if (allocated + left != line.Quantity || allocated > line.Quantity) return false;
            }
            return result.Shipments.All(s => s.Lines.All(l => l.Quantity > 0) && s.Location.Enabled && s.Location.Services.Contains(s.Service))
                && result.Shipments.Select(s => s.LocationId).Distinct().Count() == result.Shipments.Count
                && result.Shipments.All(s => s.Lines.All(l => l.Line.Handling.IsSubsetOf(s.Location.Capabilities)));
        })));

    [PropertyTest(Divisor = 4)]
    public Property Route_CapacityNeverExceeded() =>
        Prop.ForAll(RandomCase.Arb(6), @case => Labelled(@case, () => ForEveryPolicy(@case, (_, result, _, capacity) =>
            result.Shipments.All(s => s.Location.DailyCapacity is not { } limit || capacity.GetShipments(s.LocationId, s.IntakeDate) + 1 <= limit)
        )));

    [PropertyTest(Divisor = 4)]
    public Property Route_ForbidIsAllOrNothing_NoneUsesAtMostOneLocation_OutcomeMatchesUnits() =>
        Prop.ForAll(RandomCase.Arb(6), @case => Labelled(@case, () => ForEveryPolicy(@case, (policy, result, _, _) =>
        {
            var ordered = result.Order.Units;
            var allocated = result.UnitsAllocated;
            if (policy.Partial == PartialPolicy.Forbid && allocated != 0 && allocated != ordered) return false;
            if (policy.Split == SplitPolicy.None && result.Shipments.Count > 1) return false;
            var expected = allocated == ordered ? RoutingOutcome.Routed : allocated == 0 ? RoutingOutcome.Unfulfillable : RoutingOutcome.Partial;
            return result.Outcome == expected;
        })));

    [PropertyTest(Divisor = 4)]
    public Property Route_IsDeterministic() =>
        Prop.ForAll(RandomCase.Arb(6), @case => Labelled(@case, () =>
        {
            var (locations, stock, orders) = @case.Build();
            foreach (var policy in RandomCase.Policies())
            {
                var first = new RoutingEngine(RoutingNetwork.Create(locations), policy);
                var second = new RoutingEngine(RoutingNetwork.Create(locations), policy);
                foreach (var order in orders)
                    if (!Describe(first.Route(order, stock)).SequenceEqual(Describe(second.Route(order, stock, explain: true)))) return false;
            }
            return true;
        }));

    [PropertyTest(Divisor = 2)]
    public Property Cost_EqualsBruteForceOptimum_OnSmallNetworks() =>
        Prop.ForAll(RandomCase.Arb(8, simple: true), @case => Labelled(@case, () =>
        {
            var (locations, stock, orders) = @case.Build();
            var order = orders[0];
            var engine = new RoutingEngine(RoutingNetwork.Create(locations), new RoutingPolicy { Strategy = RankingStrategies.Cost });
            var result = engine.Route(order, stock);
            var (units, cost) = BruteForce(locations, stock, order);
            return result.UnitsAllocated == units && Same(result.TotalCost, cost);
        }));

    [PropertyTest(Divisor = 2)]
    public Property Minimize_EqualsBruteForceSetCover_OnSmallNetworks() =>
        Prop.ForAll(RandomCase.Arb(8, simple: true), @case => Labelled(@case, () =>
        {
            var (locations, stock, orders) = @case.Build();
            var order = orders[0];
            var network = RoutingNetwork.Create(locations);
            var engine = new RoutingEngine(network, new RoutingPolicy { Strategy = RankingStrategies.Priority, Split = SplitPolicy.Minimize });
            var result = engine.Route(order, stock);
            var (units, set) = BruteForceCover(locations, stock, order);
            return result.UnitsAllocated == units && result.Shipments.Select(s => s.LocationId).Order().SequenceEqual(set.Order());
        }));

    /// <summary>Every subset of the locations that can ship: the most units covered, then the fewest locations, then
    /// the set whose ranks (priority, then id ordinal), best first, are lexicographically smallest (scenario rule 5).</summary>
    private static (long Units, LocationId[] Set) BruteForceCover(StockLocation[] locations, InMemoryStockView stock, OrderRouting.Orders.Order order)
    {
        var usable = locations.Where(l => l.Enabled && l.Services.Count > 0 && l.DailyCapacity != 0)
            .OrderBy(l => l.Priority).ThenBy(l => l.Id.Value, StringComparer.Ordinal).ToArray(); // rank order
        long bestUnits = -1;
        int[] best = [];
        for (var mask = 0; mask < 1 << usable.Length; mask++)
        {
            var set = Enumerable.Range(0, usable.Length).Where(c => (mask >> c & 1) == 1).ToArray();
            var units = order.Lines.Sum(line => (long)Math.Min(line.Quantity, set.Sum(c => stock.GetSellable(usable[c].Id, line.Sku))));
            if (units > bestUnits || (units == bestUnits && (set.Length < best.Length
                || (set.Length == best.Length && set.AsSpan().SequenceCompareTo(best) < 0))))
            {
                bestUnits = units;
                best = set;
            }
        }
        return (bestUnits, [.. best.Select(c => usable[c].Id)]);
    }

    [PropertyTest(Divisor = 2)]
    public Property Cost_NeverWorseThanGreedyPriorityOrAnySingleLocation() =>
        Prop.ForAll(RandomCase.Arb(12), @case => Labelled(@case, () =>
        {
            var (locations, stock, orders) = @case.Build();
            var network = RoutingNetwork.Create(locations);
            var cost = new RoutingEngine(network, new RoutingPolicy { Strategy = RankingStrategies.Cost });
            var greedy = new RoutingEngine(network, new RoutingPolicy { Strategy = RankingStrategies.Priority });
            var single = new RoutingEngine(network, new RoutingPolicy { Strategy = RankingStrategies.Cost, Split = SplitPolicy.None });
            foreach (var order in orders)
            {
                var plan = cost.Route(order, stock);
                foreach (var other in new[] { greedy.Route(order, stock), single.Route(order, stock) })
                {
                    if (plan.UnitsAllocated < other.UnitsAllocated) return false;
                    if (plan.UnitsAllocated == other.UnitsAllocated && plan.TotalCost > other.TotalCost && !Same(plan.TotalCost, other.TotalCost)) return false;
                }
            }
            return true;
        }));

    [PropertyTest(Divisor = 2)]
    public Property Minimize_CoversAsManyUnitsAsGreedyWithNoMoreShipments() =>
        Prop.ForAll(RandomCase.Arb(8), @case => Labelled(@case, () =>
        {
            var (locations, stock, orders) = @case.Build();
            var network = RoutingNetwork.Create(locations);
            foreach (var strategy in new[] { RankingStrategies.Priority, RankingStrategies.HighStock })
            {
                var minimize = new RoutingEngine(network, new RoutingPolicy { Strategy = strategy, Split = SplitPolicy.Minimize });
                var greedy = new RoutingEngine(network, new RoutingPolicy { Strategy = strategy });
                foreach (var order in orders)
                {
                    var fewest = minimize.Route(order, stock);
                    var walk = greedy.Route(order, stock);
                    if (fewest.UnitsAllocated < walk.UnitsAllocated) return false;
                    if (fewest.UnitsAllocated == walk.UnitsAllocated && fewest.Shipments.Count > walk.Shipments.Count) return false;
                }
            }
            return true;
        }));

    /// <summary>A strategy the engine does not recognise, so it takes the generic path: every score from
    /// <see cref="IRankingStrategy.Score"/>, no shortcut.</summary>
    private sealed class Opaque(IRankingStrategy inner) : IRankingStrategy
    {
        public string Name => inner.Name;
        public bool RanksPerLine => inner.RanksPerLine;
        public ServicePreference ServicePreference => inner.ServicePreference;
        public void Score(in RankingContext context, Span<double> scores) => inner.Score(context, scores);
    }

    /// <summary>The case's network with positions in clusters of exact duplicates and near-duplicates (1e-9° apart)
    /// around a few points, some unknown, and ship-to addresses on, near or far from those points: distance near-ties.</summary>
    private static (StockLocation[] Locations, InMemoryStockView Stock, OrderRouting.Orders.Order[] Orders) WithNearTies(RandomCase @case)
    {
        var (locations, stock, orders) = @case.Build();
        var random = new Random(@case.Seed);
        GeoPoint[] centres = [GeoPoint.Of(52.5, 13.4), GeoPoint.Of(48.1, 11.6), GeoPoint.Of(-33.9, 151.2)];
        double[] offsets = [0, 0, 1e-9, -1e-9, 2e-9, 1e-7, 0.5];
        GeoPoint? Near() => random.Next(6) == 0 ? null : centres[random.Next(centres.Length)] is var c
            ? GeoPoint.Of(c.Latitude + offsets[random.Next(offsets.Length)], c.Longitude + offsets[random.Next(offsets.Length)]) : null;
        locations = [.. locations.Select(l => l with { Position = Near() })];
        orders = [.. orders.Select(o => o with { ShipTo = Address.Create("DE", "10115", random.Next(3) == 0 ? GeoPoint.Of(10, 20) : Near()) })];
        return (locations, stock, orders);
    }

    [PropertyTest(Divisor = 4)]
    public Property Route_BuiltInRankingShortcuts_DecideAsTheGenericRanking() =>
        Prop.ForAll(RandomCase.Arb(40), @case => Labelled(@case, () =>
        {
            var (locations, stock, orders) = WithNearTies(@case);
            var network = RoutingNetwork.Create(locations);
            (IRankingStrategy Fast, IRankingStrategy Generic)[] pairs =
            [
                .. new[] { RankingStrategies.Priority, RankingStrategies.Distance, RankingStrategies.HighStock, RankingStrategies.Capacity,
                           RankingStrategies.CarrierScore, RankingStrategies.Promise }.Select(s => (s, (IRankingStrategy)new Opaque(s))),
                (RankingStrategies.Weighted((RankingStrategies.Distance, 0.5), (RankingStrategies.HighStock, 0.3), (RankingStrategies.Capacity, 0.2)),
                 new Opaque(RankingStrategies.Weighted((new Opaque(RankingStrategies.Distance), 0.5), (new Opaque(RankingStrategies.HighStock), 0.3),
                     (new Opaque(RankingStrategies.Capacity), 0.2)))),
                // A blend nested in a blend keeps rows of its own.
                (RankingStrategies.Weighted((RankingStrategies.Weighted((RankingStrategies.Distance, 1), (RankingStrategies.HighStock, 1)), 0.7), (RankingStrategies.Distance, 0.3)),
                 RankingStrategies.Weighted((new Opaque(RankingStrategies.Weighted((new Opaque(RankingStrategies.Distance), 1), (new Opaque(RankingStrategies.HighStock), 1))), 0.7),
                     (new Opaque(RankingStrategies.Distance), 0.3))),
            ];
            foreach (var (fast, generic) in pairs)
                foreach (var split in Enum.GetValues<SplitPolicy>())
                {
                    var a = new RoutingEngine(network, new RoutingPolicy { Strategy = fast, Split = split });
                    var b = new RoutingEngine(network, new RoutingPolicy { Strategy = generic, Split = split });
                    foreach (var order in orders)
                        if (!Describe(a.Route(order, stock)).SequenceEqual(Describe(b.Route(order, stock)))) return false;
                }
            return true;
        }));

    /// <summary>
    /// Pairs of locations mirrored about the ship-to's meridian (exact distances equal or an ulp apart) with the same
    /// stock, and a far location so the distances span enough for the blend to approximate them: the approximate
    /// scores of the pair differ by rounding noise, the exact ones tie or nearly do. The blend must decide as exact
    /// scores do (the generic path, which never approximates).
    /// </summary>
    [PropertyTest]
    public Property Route_WeightedNearTies_DecideAsExactScores() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(-60_000, 60_000).Zip(Gen.Choose(-170_000, 170_000)).Zip(Gen.Choose(1, 9_000).Zip(Gen.Choose(0, 9_000)))),
            Arb.From(Gen.Choose(0, 3)),
            (shape, variant) =>
            {
                var ((lat, lon), (dLon, dLat)) = shape;
                var (centreLat, centreLon) = (lat / 1000.0, lon / 1000.0);
                var (offsetLat, offsetLon) = (dLat / 1000.0, dLon / 1000.0);
                var first = variant % 2 == 0 ? 0 : 1;
                StockLocation[] locations =
                [
                    Scenario.Location("west", priority: first, position: GeoPoint.Of(centreLat + offsetLat, centreLon - offsetLon)),
                    Scenario.Location("east", priority: 1 - first, position: GeoPoint.Of(centreLat + offsetLat, centreLon + offsetLon)),
                    Scenario.Location("far", priority: 2, position: GeoPoint.Of(centreLat > 0 ? centreLat - 20 : centreLat + 20, centreLon)),
                ];
                var stock = Scenario.Stock(("west", "A", 5), ("east", "A", 5), ("far", "A", variant < 2 ? 5 : 50));
                var order = Scenario.Order(Scenario.Friday0900, GeoPoint.Of(centreLat, centreLon), Scenario.Line("A", 3));
                var network = RoutingNetwork.Create(locations);
                foreach (var blend in new[] { ((RankingStrategies.Distance, 0.6), (RankingStrategies.HighStock, 0.4)), ((RankingStrategies.Distance, 1.0), (RankingStrategies.Priority, 0.0)) })
                {
                    var fast = new RoutingEngine(network, new RoutingPolicy { Strategy = RankingStrategies.Weighted(blend.Item1, blend.Item2) });
                    var exact = new RoutingEngine(network, new RoutingPolicy
                    {
                        Strategy = RankingStrategies.Weighted((new Opaque(blend.Item1.Item1), blend.Item1.Item2), (new Opaque(blend.Item2.Item1), blend.Item2.Item2)),
                    });
                    var (a, b) = (Describe(fast.Route(order, stock)), Describe(exact.Route(order, stock)));
                    if (!a.SequenceEqual(b)) return false.Label($"{string.Join(" ", a)} but exact scores give {string.Join(" ", b)}");
                }
                return true.ToProperty();
            });

    [PropertyTest(Divisor = 4)]
    public Property Explain_RanksCandidatesByScoreThenPriorityThenId() =>
        Prop.ForAll(RandomCase.Arb(40), @case => Labelled(@case, () =>
        {
            var (locations, stock, orders) = WithNearTies(@case);
            var network = RoutingNetwork.Create(locations);
            foreach (var strategy in RandomCase.Strategies)
            {
                var engine = new RoutingEngine(network, new RoutingPolicy { Strategy = strategy });
                foreach (var order in orders)
                {
                    var ranked = engine.Route(order, stock, explain: true).Explanation!.Candidates.Where(c => c.Rank is not null).ToArray();
                    for (var r = 0; r < ranked.Length; r++)
                    {
                        if (ranked[r].Rank != r + 1) return false;
                        if (r == 0) continue;
                        var (before, after) = (ranked[r - 1], ranked[r]);
                        var (x, y) = (Key(before.Score), Key(after.Score));
                        var (p, q) = (network[before.Location].Priority, network[after.Location].Priority);
                        if (x > y || (x == y && (p > q || (p == q && string.CompareOrdinal(before.Location.Value, after.Location.Value) > 0)))) return false;
                    }
                }
            }
            return true;

            static double Key(double? score) => score is { } v && !double.IsNaN(v) ? v : double.PositiveInfinity;
        }));

    [PropertyTest(Divisor = 4)]
    public Property Weighted_Scores_AreTheWeightedSumOfScaledParts() =>
        Prop.ForAll(RandomCase.Arb(40), @case => Labelled(@case, () =>
        {
            var (locations, stock, orders) = @case.Build();
            if (@case.Seed % 2 == 0) locations = [.. locations.Select((l, i) => l with { Position = l.Position ?? GeoPoint.Of(50, i % 20) })];
            var engine = new RoutingEngine(RoutingNetwork.Create(locations), new RoutingPolicy
            {
                Strategy = RankingStrategies.Weighted((RankingStrategies.Distance, 0.5), (RankingStrategies.HighStock, 0.3)),
            });
            foreach (var order in orders)
            {
                var ranked = engine.Route(order, stock, explain: true).Explanation!.Candidates.Where(c => c.Rank is not null).ToArray();
                var distance = Scaled(ranked.Select(c => c.DistanceKm ?? double.PositiveInfinity).ToArray());
                var highStock = Scaled(ranked.Select(c => -(double)c.Sellable).ToArray());
                for (var i = 0; i < ranked.Length; i++)
                {
                    var expected = 0.0;
                    expected += 0.5 * distance[i];
                    expected += 0.3 * highStock[i];
                    if (ranked[i].Score != expected) return false;
                }
            }
            return true;

            // The documented scaling: finite values to [0, 1] over the candidates (all equal: 0), +∞ to 1.
            static double[] Scaled(double[] values)
            {
                var finite = values.Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
                var (min, range) = (finite.Min(), finite.Max() - finite.Min());
                return [.. values.Select(v => !double.IsFinite(v) ? 1 : range > 0 ? (v - min) / range : 0)];
            }
        }));

    private static Property Labelled(RandomCase @case, Func<bool> check) => check().Label(@case.ToString());

    private static string[] Describe(RoutingResult result) =>
        [.. Scenario.Describe(result), result.Outcome.ToString(), .. result.Unallocated.Select(u => $"{u.Line.LineId}:{u.Quantity}:{u.Reason}"),
         .. result.Shipments.Select(s => $"{s.Service.Carrier}/{s.Service.Service}/{s.Cost:R}/{s.DispatchDate}/{s.PromisedDelivery}")];

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Max(1e-9, Math.Min(Math.Abs(a), Math.Abs(b))) || a == b;

    /// <summary>
    /// Every division of every SKU's demand over the locations that can ship (one SKU per line): the most units, then
    /// the least cost, each shipment using its cheapest service. Divisions are enumerated location by location,
    /// keeping for each vector of demand still open only the best (units, cost) reaching it; the objective adds up
    /// over locations, so this is the optimum over all divisions without listing each one (8 locations stay fast).
    /// </summary>
    private static (long Units, double Cost) BruteForce(StockLocation[] locations, InMemoryStockView stock, OrderRouting.Orders.Order order)
    {
        var usable = locations.Where(l => l.Enabled && l.Services.Count > 0 && l.DailyCapacity != 0).ToArray();
        var lines = order.Lines;
        var states = new Dictionary<string, (int[] Left, long Units, double Cost)>
        {
            [string.Join(",", lines.Select(l => l.Quantity))] = ([.. lines.Select(l => l.Quantity)], 0, 0),
        };
        foreach (var location in usable)
        {
            var km = location.Position is { } p && order.ShipTo.Position is { } q ? p.DistanceKm(q) : (double?)null;
            var next = new Dictionary<string, (int[] Left, long Units, double Cost)>();
            foreach (var (left, units, cost) in states.Values)
            {
                var take = new int[lines.Count];
                Divide(0);

                void Divide(int line)
                {
                    if (line == lines.Count)
                    {
                        var u = take.Sum();
                        var total = (Left: left.Zip(take, (a, b) => a - b).ToArray(), Units: units + u,
                            Cost: cost + (u == 0 ? 0 : location.Services.Min(s => s.CostOf(km, u))));
                        var key = string.Join(",", total.Left);
                        if (!next.TryGetValue(key, out var known) || total.Units > known.Units || (total.Units == known.Units && total.Cost < known.Cost))
                            next[key] = total;
                        return;
                    }
                    var most = Math.Min(stock.GetSellable(location.Id, lines[line].Sku), left[line]);
                    for (var t = 0; t <= most; t++)
                    {
                        take[line] = t;
                        Divide(line + 1);
                    }
                    take[line] = 0;
                }
            }
            states = next;
        }
        var best = states.Values.OrderByDescending(s => s.Units).ThenBy(s => s.Cost).First();
        return (best.Units, best.Units == 0 ? 0 : best.Cost);
    }
}
