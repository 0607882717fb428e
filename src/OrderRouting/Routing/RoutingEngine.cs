using OrderRouting.Network;
using OrderRouting.Orders;
using OrderRouting.Ports;
using OrderRouting.Routing.Eligibility;
using OrderRouting.Routing.Strategies;

namespace OrderRouting.Routing;

/// <summary>
/// Routes orders over a <see cref="RoutingNetwork"/> by a <see cref="RoutingPolicy"/>: judges every location's
/// eligibility, ranks the candidates once from the state before the order, allocates by the split policy, applies the
/// partial policy, chooses a carrier service per shipment and promises dates. The decision is data
/// (<see cref="RoutingResult"/>); nothing is changed — apply it to your stock and capacity yourself (for the
/// in-memory ones: <see cref="InMemoryStockView.Apply"/> and <see cref="DailyCapacityCounter.Apply"/>).
/// </summary>
/// <remarks>Thread-safe: route from any number of threads at once (each thread reuses its own working memory, so a
/// route allocates only its result).</remarks>
public sealed class RoutingEngine
{
    private static readonly UnallocatedLine[] NoUnallocated = [];
    private static readonly Shipment[] NoShipments = [];

    private readonly CompiledLocation[] _locations;
    private readonly IRankingStrategy _strategy;
    private readonly IEligibilityRule[] _rules;
    private readonly bool _perLine;
    private readonly bool _isCost;
    private readonly ServicePreference _servicePreference;

    /// <summary>Creates an engine.</summary>
    /// <exception cref="ArgumentNullException">An argument, or the policy's strategy or rules, is null.</exception>
    /// <exception cref="ArgumentException">The policy has an undefined split or partial value or a null rule.</exception>
    public RoutingEngine(RoutingNetwork network, RoutingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(policy.Strategy, "policy.Strategy");
        ArgumentNullException.ThrowIfNull(policy.Rules, "policy.Rules");
        if (!Enum.IsDefined(policy.Split)) throw new ArgumentException($"Split: undefined value {policy.Split}", nameof(policy));
        if (!Enum.IsDefined(policy.Partial)) throw new ArgumentException($"Partial: undefined value {policy.Partial}", nameof(policy));
        if (policy.Rules.Any(r => r is null)) throw new ArgumentException("Rules: must not hold null", nameof(policy));
        Network = network;
        Policy = policy;
        _locations = network.Compiled;
        _strategy = policy.Strategy;
        _rules = [.. policy.Rules];
        _perLine = _strategy.RanksPerLine;
        _isCost = _strategy is CostStrategy;
        _servicePreference = _strategy.ServicePreference;
    }

    /// <summary>The network routed over.</summary>
    public RoutingNetwork Network { get; }

    /// <summary>The policy routed by.</summary>
    public RoutingPolicy Policy { get; }

    /// <summary>
    /// Decides how to ship <paramref name="order"/>, reading stock from <paramref name="stock"/> and shipments already
    /// routed per location and local day from <paramref name="capacity"/> (null: none yet). Changes nothing.
    /// </summary>
    /// <param name="order">The order; its lines must be valid (<see cref="Order.Validate"/>).</param>
    /// <param name="stock">Sellable stock per location and SKU, before the order.</param>
    /// <param name="capacity">Shipments used per location and local day, before the order; null counts none.</param>
    /// <param name="explain">Also build <see cref="RoutingResult.Explanation"/> (costs more; off on the hot path).</param>
    /// <returns>The decision; never null. A routing problem (no stock, capacity full, ...) is data in it, not an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="order"/> or <paramref name="stock"/> is null.</exception>
    /// <exception cref="ArgumentException">The order has no lines or a null line.</exception>
    public RoutingResult Route(Order order, IStockView stock, ICapacityView? capacity = null, bool explain = false)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(stock);
        var lines = order.Lines;
        if (lines is null || lines.Count == 0) throw new ArgumentException("the order has no lines", nameof(order));
        for (var l = 0; l < lines.Count; l++)
            if (lines[l] is null) throw new ArgumentException($"Lines[{l}]: is required", nameof(order));
        if (order.ShipTo is null) throw new ArgumentException("ShipTo: is required", nameof(order));

        var state = RouteState.Rent();
        try
        {
            state.Begin(Network, _rules, order, stock, capacity);
            state.JudgeLocations();
            switch (Policy.Split)
            {
                case var _ when _isCost:
                    AllocateCheapest(state);
                    break;
                case SplitPolicy.Minimize:
                    state.Rank(_strategy, -1, state.Ranking);
                    AllocateFewest(state);
                    break;
                case SplitPolicy.None:
                    state.Rank(_strategy, -1, state.Ranking);
                    AllocateSingle(state);
                    break;
                default:
                    if (!_perLine) state.Rank(_strategy, -1, state.Ranking);
                    AllocateGreedy(state);
                    break;
            }

            var refused = Policy.Partial == PartialPolicy.Forbid && state.AllocatedUnits < state.OrderUnits;
            if (refused) state.ClearAllocation();
            var explanation = explain ? Explain(state) : null;
            return BuildResult(state, refused, explanation);
        }
        finally
        {
            state.Return();
        }
    }

    /// <summary>The cost strategy: the cheapest plan of the most units (one shipment under split none). Candidates go
    /// to the solver in tie-break order (the priority ranking its heuristic is never worse than greedy over), which is
    /// also the shipment order (rule 7).</summary>
    private void AllocateCheapest(RouteState state)
    {
        var problem = state.BuildProblem(state.Candidates.AsSpan(0, state.CandidateCount));
        var plan = state.CostSolver.Solve(problem, singleShipment: Policy.Split == SplitPolicy.None);
        state.Proven = plan.Proven;
        if (plan.Units > 0) state.AllocatePlan(plan);
    }

    /// <summary>The minimize split (rule 5): the solver picks the fewest locations covering the most units, best ranked
    /// set first; units are then divided greedily inside the set.</summary>
    private void AllocateFewest(RouteState state)
    {
        state.RankAll();
        var problem = state.BuildProblem(state.Ranking.AsSpan(0, state.CandidateCount));
        var plan = state.CoverSolver.Solve(problem);
        state.Proven = plan.Proven;
        if (plan.Units == 0) return;
        var inSet = state.InSet;
        Array.Clear(inSet, 0, _locations.Length);
        foreach (var c in plan.Locations) inSet[state.ProblemLocation[c]] = true;
        AllocateGreedy(state, inSet);
    }

    private void AllocateGreedy(RouteState state, bool[]? inSet = null)
    {
        var lines = state.Lines;
        var count = state.CandidateCount;
        for (var l = 0; l < state.LineCount; l++)
        {
            if (_perLine) state.Rank(_strategy, l, state.LineRanking);
            var remaining = lines[l].Quantity;
            for (var r = 0; r < count && remaining > 0; r++)
            {
                var location = state.RankedAt(r);
                if (inSet is not null && !inSet[location]) continue;
                var available = state.Sellable(location, l);
                if (available <= 0 || !state.LineEligible(location, l)) continue;
                available -= state.Taken(location, l);
                if (available <= 0) continue;
                var take = Math.Min(available, remaining);
                state.Allocate(location, l, take);
                remaining -= take;
            }
        }
    }

    private static void AllocateSingle(RouteState state)
    {
        var best = -1;
        long bestUnits = 0;
        for (var r = 0; r < state.CandidateCount; r++)
        {
            var location = state.RankedAt(r);
            var units = Coverage(state, location, allocate: false);
            if (units == state.OrderUnits)
            {
                best = location;
                bestUnits = units;
                break;
            }
            if (units > bestUnits)
            {
                best = location;
                bestUnits = units;
            }
        }
        if (best >= 0 && bestUnits > 0) Coverage(state, best, allocate: true);
    }

    /// <summary>The units one location can ship of the order, line by line (a SKU on several lines shares its stock).</summary>
    private static long Coverage(RouteState state, int location, bool allocate)
    {
        var lines = state.Lines;
        var takes = state.LineTake;
        long covered = 0;
        for (var l = 0; l < state.LineCount; l++)
        {
            takes[l] = 0;
            var available = state.Sellable(location, l);
            if (available <= 0 || !state.LineEligible(location, l)) continue;
            for (var earlier = 0; earlier < l; earlier++)
                if (lines[earlier].Sku == lines[l].Sku) available -= takes[earlier];
            var take = Math.Min(available, lines[l].Quantity);
            if (take <= 0) continue;
            takes[l] = take;
            covered += take;
            if (allocate) state.Allocate(location, l, take);
        }
        return covered;
    }

    private RoutingResult BuildResult(RouteState state, bool refused, RoutingExplanation? explanation)
    {
        var order = state.Order;
        var lines = state.Lines;
        var lineCount = state.LineCount;
        Shipment[] shipments;
        if (state.UsedCount == 0)
        {
            shipments = NoShipments;
        }
        else
        {
            shipments = new Shipment[state.UsedCount];
            for (var s = 0; s < state.UsedCount; s++) shipments[s] = BuildShipment(state, state.UsedLocations[s]);
        }

        var left = state.LineLeft;
        var unallocatedCount = 0;
        for (var l = 0; l < lineCount; l++) left[l] = lines[l].Quantity;
        for (var a = 0; a < state.AllocCount; a++) left[state.AllocLine[a]] -= state.AllocQuantity[a];
        for (var l = 0; l < lineCount; l++)
            if (left[l] > 0) unallocatedCount++;

        var unallocated = NoUnallocated;
        if (unallocatedCount > 0)
        {
            unallocated = new UnallocatedLine[unallocatedCount];
            var u = 0;
            for (var l = 0; l < lineCount; l++)
                if (left[l] > 0) unallocated[u++] = new UnallocatedLine(lines[l], left[l], ReasonFor(state, l, left[l], refused));
        }

        var outcome = unallocatedCount == 0 ? RoutingOutcome.Routed : shipments.Length == 0 ? RoutingOutcome.Unfulfillable : RoutingOutcome.Partial;
        return new RoutingResult(order, outcome, shipments, unallocated, explanation);
    }

    private Shipment BuildShipment(RouteState state, int location)
    {
        var lines = state.Lines;
        var lineCount = 0;
        long units = 0;
        for (var a = 0; a < state.AllocCount; a++)
        {
            if (state.AllocLocation[a] != location) continue;
            lineCount++;
            units += state.AllocQuantity[a];
        }
        var shipmentLines = new ShipmentLine[lineCount];
        var n = 0;
        for (var l = 0; l < state.LineCount && n < lineCount; l++)
        {
            for (var a = 0; a < state.AllocCount; a++)
            {
                if (state.AllocLocation[a] == location && state.AllocLine[a] == l)
                {
                    shipmentLines[n++] = new ShipmentLine(lines[l], state.AllocQuantity[a]);
                    break;
                }
            }
        }
        var compiled = _locations[location];
        var km = state.DistanceOrNull(location);
        var service = ChooseService(state, location, km, units, out var cost);
        var dispatch = state.Dispatch(location);
        return new Shipment(compiled.Location, shipmentLines, service, cost, km, state.Local(location).Date, dispatch,
            state.Delivery(location, service.TransitDays));
    }

    /// <summary>Rule 9: the cheapest service (ties: higher score) or, under carrierScore, the best score (ties:
    /// cheapest); then carrier, then service ordinal. Only services meeting the order's delivery requirement.</summary>
    private CarrierService ChooseService(RouteState state, int location, double? km, long units, out double cost)
    {
        CarrierService? best = null;
        var bestCost = double.PositiveInfinity;
        foreach (var service in _locations[location].Services)
        {
            if (!state.Meets(location, service)) continue;
            var c = service.CostOf(km, units);
            if (best is null || Better(service, c, best, bestCost))
            {
                best = service;
                bestCost = c;
            }
        }
        cost = bestCost;
        return best!;
    }

    private bool Better(CarrierService candidate, double cost, CarrierService best, double bestCost)
    {
        if (_servicePreference == ServicePreference.BestScore)
        {
            if (candidate.Score != best.Score) return candidate.Score > best.Score;
            if (cost != bestCost) return cost < bestCost;
        }
        else
        {
            if (cost != bestCost) return cost < bestCost;
            if (candidate.Score != best.Score) return candidate.Score > best.Score;
        }
        var byCarrier = string.CompareOrdinal(candidate.Carrier, best.Carrier);
        if (byCarrier != 0) return byCarrier < 0;
        return string.CompareOrdinal(candidate.Service, best.Service) < 0;
    }

    /// <summary>Why units of a line were left (computed only when some are).</summary>
    private UnallocatedReason ReasonFor(RouteState state, int line, int left, bool refused)
    {
        var anyStock = false;
        long eligibleStock = 0;
        bool capacity = false, handling = false, delivery = false;
        for (var i = 0; i < _locations.Length; i++)
        {
            var sellable = state.Sellable(i, line);
            if (sellable <= 0) continue;
            anyStock = true;
            var code = state.Rejection[i];
            if (code == RouteState.Eligible)
            {
                var lineRejection = state.LineRejection(i, line);
                if (lineRejection is null) eligibleStock += sellable;
                else if (lineRejection.Value.Code == RejectionCode.HandlingNotSupported) handling = true;
            }
            else if (code == (sbyte)RejectionCode.CapacityFull) capacity = true;
            else if (code == (sbyte)RejectionCode.DeliveryNotAchievable) delivery = true;
        }
        if (!anyStock) return UnallocatedReason.NoStockAnywhere;
        if (eligibleStock > 0)
        {
            if (refused && left == state.Lines[line].Quantity && eligibleStock >= left) return UnallocatedReason.PartialForbidden;
            if (Policy.Split == SplitPolicy.None && eligibleStock >= left) return UnallocatedReason.SplitNotAllowed;
            return UnallocatedReason.InsufficientStock;
        }
        if (capacity) return UnallocatedReason.CapacityFull;
        if (handling) return UnallocatedReason.HandlingNotSupported;
        if (delivery) return UnallocatedReason.DeliveryNotAchievable;
        return UnallocatedReason.NoEligibleLocation;
    }

    private RoutingExplanation Explain(RouteState state)
    {
        // The same order as the decision's ranking, now with every candidate's own score (the hot path skips scores
        // where it can rank without them).
        state.Rank(_strategy, -1, state.Ranking, exact: true);
        state.RankAll();
        var lines = state.Lines;
        var candidates = new List<CandidateExplanation>(_locations.Length);
        for (var r = 0; r < state.CandidateCount; r++)
        {
            var location = state.Ranking[r];
            var lineRejections = new List<LineRejection>();
            for (var l = 0; l < state.LineCount; l++)
                if (state.LineRejection(location, l) is { } rejection) lineRejections.Add(new LineRejection(lines[l].LineId, rejection));
            var coverable = Coverage(state, location, allocate: false);
            var used = false;
            for (var u = 0; u < state.UsedCount; u++) used |= state.UsedLocations[u] == location;
            candidates.Add(new CandidateExplanation
            {
                Location = _locations[location].Id,
                Rank = r + 1,
                Score = state.ScoreOf(location),
                Sellable = state.OrderSellable(location),
                EstimatedCost = coverable > 0 ? state.CheapestCost(location, coverable) : null,
                DistanceKm = state.DistanceOrNull(location),
                Used = used,
                LineRejections = lineRejections,
            });
        }
        foreach (var compiled in _locations.OrderBy(c => c.TieRank))
        {
            if (state.OrderRejection(compiled.Index) is not { } rejection) continue;
            candidates.Add(new CandidateExplanation
            {
                Location = compiled.Id,
                Sellable = state.OrderSellable(compiled.Index),
                DistanceKm = state.DistanceOrNull(compiled.Index),
                Rejection = rejection,
            });
        }
        return new RoutingExplanation
        {
            Strategy = _strategy.Name, Split = Policy.Split, Partial = Policy.Partial, Candidates = candidates, Proven = state.Proven,
        };
    }
}
