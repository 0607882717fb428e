using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;

namespace OrderRouting.Simulator.Tests.Conformance;

/// <summary>
/// An independent, deliberately naive implementation of scenario format v1 routing (shared/scenario-format.md),
/// written from the spec alone, for SMALL scenarios (a handful of locations, lines and units): minimize and cost
/// are brute force over every subset / every allocation. The input is assumed valid.
/// </summary>
/// <remarks>
/// Under <c>cost</c> several plans may be equally cheap (rule 8), so the caller may pass the plan another engine
/// chose for each order: the reference then checks that plan (valid, as many units, as cheap as its own optimum),
/// reports problems, and adopts it, so that later orders see the same stock as the other engine.
/// </remarks>
internal static class ReferenceRouter
{
    internal sealed record Loc(string Id, int Priority, double? Lat, double? Lon, DateTimeZone Zone, LocalTime? Cutoff, int? Capacity, bool Enabled);

    internal sealed record Svc(string Location, string Carrier, string Service, double BaseCost, double CostPerKm, double CostPerUnit, int TransitDays, double Score);

    internal sealed record Line(string Sku, int Quantity);

    internal sealed record Ord(string Id, Instant PlacedAt, double? Lat, double? Lon, List<Line> Lines);

    internal sealed record Scenario(List<Loc> Locations, Dictionary<(string Loc, string Sku), long> Sellable, List<Svc> Services, string Strategy, string Split, string Partial, List<Ord> Orders);

    /// <summary>An allocation: location → sku → units (only positive units).</summary>
    internal sealed class Plan : Dictionary<string, Dictionary<string, int>>
    {
        public Plan() : base(StringComparer.Ordinal) { }

        public void Add(string loc, string sku, int units)
        {
            if (units <= 0) return;
            if (!TryGetValue(loc, out var lines)) this[loc] = lines = new Dictionary<string, int>(StringComparer.Ordinal);
            lines[sku] = lines.GetValueOrDefault(sku) + units;
        }

        public long Units => Values.Sum(l => l.Values.Sum(q => (long)q));
    }

    // ---------------------------------------------------------------- parsing

    public static Scenario Parse(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var locations = new List<Loc>();
        foreach (var l in Arr(root, "locations"))
        {
            var pos = l!["position"];
            locations.Add(new Loc(
                (string)l["id"]!,
                l["priority"] is { } p ? (int)p : 0,
                pos is null ? null : (double)pos["latitude"]!,
                pos is null ? null : (double)pos["longitude"]!,
                l["timeZone"] is { } z ? DateTimeZoneProviders.Tzdb[(string)z!] : DateTimeZone.Utc,
                l["cutoff"] is { } c ? LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse((string)c!).Value : null,
                l["dailyCapacity"] is { } cap ? (int)cap : null,
                l["enabled"] is { } e ? (bool)e : true));
        }
        var sellable = new Dictionary<(string, string), long>();
        foreach (var r in Arr(root, "inventory"))
        {
            long onHand = (long)r!["onHand"]!;
            long safety = r["safetyStock"] is { } s ? (long)s : 0;
            sellable[((string)r["location"]!, (string)r["sku"]!)] = Math.Max(0, onHand - safety);
        }
        var services = new List<Svc>();
        foreach (var s in Arr(root, "shipping"))
        {
            services.Add(new Svc((string)s!["location"]!, (string)s["carrier"]!, (string)s["service"]!,
                D(s, "baseCost", 0), D(s, "costPerKm", 0), D(s, "costPerUnit", 0),
                s["transitDays"] is { } t ? (int)t : 0, D(s, "score", 1)));
        }
        var policy = root["policy"];
        var orders = new List<Ord>();
        foreach (var o in Arr(root, "orders"))
        {
            // Fractions beyond 100 ns are truncated (never rounded up across a cutoff); DateTimeOffset would round them.
            var text = System.Text.RegularExpressions.Regex.Replace((string)o!["placedAt"]!, @"(\.\d{7})\d+", "$1");
            var placed = Instant.FromDateTimeOffset(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
            var pos = o["shipTo"]?["position"];
            orders.Add(new Ord((string)o["id"]!, placed,
                pos is null ? null : (double)pos["latitude"]!, pos is null ? null : (double)pos["longitude"]!,
                o["lines"]!.AsArray().Select(x => new Line((string)x!["sku"]!, (int)x["quantity"]!)).ToList()));
        }
        return new Scenario(locations, sellable, services,
            (string?)policy?["strategy"] ?? "priority", (string?)policy?["split"] ?? "greedy", (string?)policy?["partial"] ?? "allow", orders);

        static IEnumerable<JsonNode?> Arr(JsonObject root, string name) => root[name] is JsonArray a ? a : [];
        static double D(JsonNode n, string name, double fallback) => n[name] is { } v ? (double)v : fallback;
    }

    // ---------------------------------------------------------------- routing

    /// <summary>Routes the scenario; <paramref name="adoptCostPlan"/> (order index → the other engine's plan) is used under <c>cost</c> only.</summary>
    public static JsonObject Route(string json, Func<int, Plan>? adoptCostPlan, List<string> problems)
    {
        var sc = Parse(json);
        var sellable = new Dictionary<(string, string), long>(sc.Sellable);
        var used = new Dictionary<(string, LocalDate), int>();
        var outOrders = new JsonArray();
        long nOrders = 0, nRouted = 0, nPartial = 0, nUnfulfillable = 0, units = 0, allocated = 0, nShipments = 0;
        double totalCost = 0;

        for (var oi = 0; oi < sc.Orders.Count; oi++)
        {
            var order = sc.Orders[oi];
            var ctx = new Ctx(sc, order, sellable, used);
            Plan plan;
            List<string> shipmentOrder;
            if (sc.Strategy == "cost")
            {
                (plan, var bestCost) = CostOptimum(ctx);
                if (sc.Partial == "forbid" && plan.Units < order.Lines.Sum(l => (long)l.Quantity)) plan = new Plan();
                if (adoptCostPlan is not null)
                {
                    var theirs = adoptCostPlan(oi);
                    foreach (var p in ValidityProblems(ctx, theirs)) problems.Add($"order {order.Id}: {p}");
                    var theirCost = theirs.Sum(kv => ctx.CheapestService(kv.Key, kv.Value.Values.Sum(q => (long)q)).Cost);
                    if (theirs.Units != plan.Units)
                        problems.Add($"order {order.Id}: cost plan allocates {theirs.Units} units, the optimum {plan.Units}");
                    else if (Math.Abs(theirCost - bestCost) > 1e-6 * Math.Max(Math.Abs(theirCost), Math.Abs(bestCost)) && plan.Units > 0)
                        problems.Add($"order {order.Id}: cost plan costs {theirCost:R}, the optimum {bestCost:R}");
                    plan = theirs;
                }
                shipmentOrder = plan.Keys.OrderBy(id => ctx.Loc(id).Priority).ThenBy(id => id, StringComparer.Ordinal).ToList();
            }
            else
            {
                (plan, shipmentOrder) = sc.Split switch
                {
                    "greedy" => Greedy(ctx, ctx.Candidates),
                    "minimize" => Minimize(ctx),
                    _ => NoSplit(ctx),
                };
                if (sc.Partial == "forbid" && plan.Units < order.Lines.Sum(l => (long)l.Quantity)) (plan, shipmentOrder) = (new Plan(), []);
            }

            // Build the order's result and commit it.
            var shipments = new JsonArray();
            double orderCost = 0;
            foreach (var locId in shipmentOrder)
            {
                var loc = ctx.Loc(locId);
                var lines = plan[locId];
                var shipUnits = lines.Values.Sum(q => (long)q);
                var (svc, cost) = sc.Strategy == "carrierScore" ? ctx.BestScoreService(locId, shipUnits) : ctx.CheapestService(locId, shipUnits);
                var dispatch = DispatchDate(loc, order.PlacedAt);
                var lineArray = new JsonArray();
                foreach (var line in order.Lines)
                    if (lines.TryGetValue(line.Sku, out var q) && q > 0) lineArray.Add(new JsonObject { ["sku"] = line.Sku, ["quantity"] = q });
                shipments.Add(new JsonObject
                {
                    ["location"] = locId, ["carrier"] = svc.Carrier, ["service"] = svc.Service, ["lines"] = lineArray,
                    ["distanceKm"] = ctx.Distance(loc) is { } d ? JsonValue.Create(d) : null, ["cost"] = cost,
                    ["dispatchDate"] = Iso(dispatch), ["promisedDelivery"] = Iso(AddWorkingDays(dispatch, svc.TransitDays)),
                });
                orderCost += cost;
                foreach (var (sku, q) in lines) sellable[(locId, sku)] = sellable.GetValueOrDefault((locId, sku)) - q;
                var day = order.PlacedAt.InZone(loc.Zone).Date;
                used[(locId, day)] = used.GetValueOrDefault((locId, day)) + 1;
            }
            var unallocated = new JsonArray();
            long orderUnits = 0;
            long orderAllocated = 0;
            foreach (var line in order.Lines)
            {
                var got = plan.Values.Sum(l => l.GetValueOrDefault(line.Sku));
                orderUnits += line.Quantity;
                orderAllocated += got;
                if (got < line.Quantity) unallocated.Add(new JsonObject { ["sku"] = line.Sku, ["quantity"] = line.Quantity - got });
            }
            var outcome = orderAllocated == orderUnits ? "routed" : orderAllocated == 0 ? "unfulfillable" : "partial";
            outOrders.Add(new JsonObject { ["id"] = order.Id, ["outcome"] = outcome, ["shipments"] = shipments, ["unallocated"] = unallocated });
            nOrders++;
            if (outcome == "routed") nRouted++; else if (outcome == "partial") nPartial++; else nUnfulfillable++;
            units += orderUnits;
            allocated += orderAllocated;
            nShipments += shipments.Count;
            totalCost += orderCost;
        }
        return new JsonObject
        {
            ["orders"] = outOrders,
            ["totals"] = new JsonObject
            {
                ["orders"] = nOrders, ["routed"] = nRouted, ["partial"] = nPartial, ["unfulfillable"] = nUnfulfillable,
                ["units"] = units, ["unitsAllocated"] = allocated, ["shipments"] = nShipments, ["cost"] = totalCost,
            },
        };
    }

    /// <summary>Reads an engine's output plan for one order (for <see cref="Route"/>'s cost adoption).</summary>
    public static Plan PlanOf(JsonNode order)
    {
        var plan = new Plan();
        foreach (var s in order["shipments"]!.AsArray())
            foreach (var l in s!["lines"]!.AsArray())
                plan.Add((string)s["location"]!, (string)l!["sku"]!, (int)l["quantity"]!);
        return plan;
    }

    private static IEnumerable<string> ValidityProblems(Ctx ctx, Plan plan)
    {
        foreach (var (loc, lines) in plan)
        {
            if (!ctx.Candidates.Contains(loc)) yield return $"ships from {loc}, which cannot ship";
            foreach (var (sku, q) in lines)
            {
                if (q > ctx.Sellable(loc, sku)) yield return $"takes {q} of {sku} from {loc}, sellable {ctx.Sellable(loc, sku)}";
                if (ctx.Order.Lines.All(l => l.Sku != sku)) yield return $"ships {sku}, not ordered";
            }
        }
        foreach (var line in ctx.Order.Lines)
        {
            var got = plan.Values.Sum(l => l.GetValueOrDefault(line.Sku));
            if (got > line.Quantity) yield return $"allocates {got} of {line.Sku}, ordered {line.Quantity}";
        }
        if (ctx.Scenario.Split == "none" && plan.Count > 1) yield return $"split none but {plan.Count} shipments";
    }

    // ---------------------------------------------------------------- the order's view of the state

    private sealed class Ctx(Scenario sc, Ord order, Dictionary<(string, string), long> sellable, Dictionary<(string, LocalDate), int> used)
    {
        public Scenario Scenario => sc;
        public Ord Order => order;

        public Loc Loc(string id) => sc.Locations.First(l => l.Id == id);

        public long Sellable(string loc, string sku) => sellable.GetValueOrDefault((loc, sku));

        public int Used(Loc l) => used.GetValueOrDefault((l.Id, order.PlacedAt.InZone(l.Zone).Date));

        /// <summary>Rule 2: enabled, has a service, capacity left on the local placing day. In file order.</summary>
        public List<string> Candidates { get; } = sc.Locations
            .Where(l => l.Enabled && sc.Services.Any(s => s.Location == l.Id)
                        && (l.Capacity is null || used.GetValueOrDefault((l.Id, order.PlacedAt.InZone(l.Zone).Date)) < l.Capacity))
            .Select(l => l.Id).ToList();

        public double? Distance(Loc l) =>
            l.Lat is null || order.Lat is null ? null : Haversine(l.Lat.Value, l.Lon!.Value, order.Lat.Value, order.Lon!.Value);

        /// <summary>Ranks locations by the strategy; <paramref name="sku"/> non-null = highStock for that line, null = whole order (rule 4).</summary>
        public List<string> Rank(IEnumerable<string> ids, string? sku)
        {
            var list = ids.Select(Loc).ToList();
            list.Sort((a, b) =>
            {
                var c = Primary(a, b);
                if (c != 0) return c;
                c = a.Priority.CompareTo(b.Priority);
                return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
            });
            return list.Select(l => l.Id).ToList();

            int Primary(Loc a, Loc b)
            {
                switch (sc.Strategy)
                {
                    case "priority":
                        return 0;
                    case "distance":
                        var da = Distance(a);
                        var db = Distance(b);
                        if (da is null && db is null) return 0;
                        if (da is null) return 1;
                        if (db is null) return -1;
                        return da.Value.CompareTo(db.Value);
                    case "highStock":
                        return Stock(b).CompareTo(Stock(a));
                    case "capacity":
                        return Share(b).CompareTo(Share(a));
                    case "carrierScore":
                        return BestScore(b).CompareTo(BestScore(a));
                    default:
                        throw new InvalidOperationException(sc.Strategy);
                }
            }
            long Stock(Loc l) => sku is not null ? Sellable(l.Id, sku) : order.Lines.Sum(x => Sellable(l.Id, x.Sku));
            double Share(Loc l) => l.Capacity is null ? double.PositiveInfinity : (double)(l.Capacity.Value - Used(l)) / l.Capacity.Value;
            double BestScore(Loc l) => sc.Services.Where(s => s.Location == l.Id).Max(s => s.Score);
        }

        public double ServiceCost(Svc s, long units) => s.BaseCost + s.CostPerKm * (Distance(Loc(s.Location)) ?? 0) + s.CostPerUnit * units;

        /// <summary>Rule 9: cheapest; ties: higher score, then carrier, service ordinal.</summary>
        public (Svc Svc, double Cost) CheapestService(string loc, long units)
        {
            var options = sc.Services.Where(s => s.Location == loc).Select(s => (Svc: s, Cost: ServiceCost(s, units))).ToList();
            options.Sort((x, y) =>
            {
                var c = x.Cost.CompareTo(y.Cost);
                if (c == 0) c = y.Svc.Score.CompareTo(x.Svc.Score);
                if (c == 0) c = string.CompareOrdinal(x.Svc.Carrier, y.Svc.Carrier);
                if (c == 0) c = string.CompareOrdinal(x.Svc.Service, y.Svc.Service);
                return c;
            });
            return options[0];
        }

        /// <summary>Under carrierScore: highest score; ties: cheapest, then carrier, service ordinal.</summary>
        public (Svc Svc, double Cost) BestScoreService(string loc, long units)
        {
            var options = sc.Services.Where(s => s.Location == loc).Select(s => (Svc: s, Cost: ServiceCost(s, units))).ToList();
            options.Sort((x, y) =>
            {
                var c = y.Svc.Score.CompareTo(x.Svc.Score);
                if (c == 0) c = x.Cost.CompareTo(y.Cost);
                if (c == 0) c = string.CompareOrdinal(x.Svc.Carrier, y.Svc.Carrier);
                if (c == 0) c = string.CompareOrdinal(x.Svc.Service, y.Svc.Service);
                return c;
            });
            return options[0];
        }
    }

    // ---------------------------------------------------------------- splits

    /// <summary>Greedy over <paramref name="set"/>: line by line, in rank order (per line for highStock). Shipments in order of first use.</summary>
    private static (Plan, List<string>) Greedy(Ctx ctx, List<string> set)
    {
        var plan = new Plan();
        var firstUse = new List<string>();
        var wholeOrder = ctx.Rank(set, null);
        foreach (var line in ctx.Order.Lines)
        {
            var ranking = ctx.Scenario.Strategy == "highStock" ? ctx.Rank(set, line.Sku) : wholeOrder;
            var left = line.Quantity;
            foreach (var loc in ranking)
            {
                if (left == 0) break;
                var take = (int)Math.Min(left, ctx.Sellable(loc, line.Sku));
                if (take <= 0) continue;
                plan.Add(loc, line.Sku, take);
                if (!firstUse.Contains(loc)) firstUse.Add(loc);
                left -= take;
            }
        }
        return (plan, firstUse);
    }

    private static long Covered(Ctx ctx, IEnumerable<string> set) =>
        ctx.Order.Lines.Sum(l => Math.Min(l.Quantity, set.Sum(loc => ctx.Sellable(loc, l.Sku))));

    /// <summary>Rule 5, by enumeration of every subset of candidates.</summary>
    private static (Plan, List<string>) Minimize(Ctx ctx)
    {
        var ranked = ctx.Rank(ctx.Candidates, null);
        var n = ranked.Count;
        var most = Covered(ctx, ranked);
        int[]? best = null;
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var ranks = Enumerable.Range(0, n).Where(i => (mask & (1 << i)) != 0).ToArray(); // ascending = best first
            if (Covered(ctx, ranks.Select(i => ranked[i])) != most) continue;
            if (best is null || ranks.Length < best.Length || (ranks.Length == best.Length && LexLess(ranks, best))) best = ranks;
        }
        return Greedy(ctx, best!.Select(i => ranked[i]).ToList());

        static bool LexLess(int[] a, int[] b)
        {
            for (var i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return a[i] < b[i];
            return false;
        }
    }

    /// <summary>Split none (and rule 6).</summary>
    private static (Plan, List<string>) NoSplit(Ctx ctx)
    {
        var ranked = ctx.Rank(ctx.Candidates, null);
        var total = ctx.Order.Lines.Sum(l => (long)l.Quantity);
        string? chosen = ranked.FirstOrDefault(loc => Covered(ctx, [loc]) == total);
        if (chosen is null && ctx.Scenario.Partial == "allow")
        {
            long bestUnits = 0;
            foreach (var loc in ranked)
            {
                var u = Covered(ctx, [loc]);
                if (u > bestUnits) (bestUnits, chosen) = (u, loc);
            }
        }
        var plan = new Plan();
        if (chosen is null) return (plan, []);
        foreach (var l in ctx.Order.Lines) plan.Add(chosen, l.Sku, (int)Math.Min(l.Quantity, ctx.Sellable(chosen, l.Sku)));
        return (plan, [chosen]);
    }

    /// <summary>The cost strategy by enumeration of every allocation of the most units (each line at its own maximum).</summary>
    private static (Plan Plan, double Cost) CostOptimum(Ctx ctx)
    {
        var cands = ctx.Candidates;
        var lines = ctx.Order.Lines;
        if (ctx.Scenario.Split == "none")
        {
            (Plan, double)? bestSingle = null;
            long bestUnits = -1;
            foreach (var loc in cands)
            {
                var plan = new Plan();
                foreach (var l in lines) plan.Add(loc, l.Sku, (int)Math.Min(l.Quantity, ctx.Sellable(loc, l.Sku)));
                var cost = plan.Count == 0 ? 0 : ctx.CheapestService(loc, plan.Units).Cost;
                if (plan.Units > bestUnits || (plan.Units == bestUnits && cost < bestSingle!.Value.Item2))
                    (bestUnits, bestSingle) = (plan.Units, (plan, cost));
            }
            return bestSingle is { } b && b.Item1.Units > 0 ? b : (new Plan(), 0);
        }

        // Every allocation: the most units means every line at min(quantity, total sellable) (lines are independent);
        // any allocation of fewer units is beaten on units, so enumerating these is enumerating the candidates.
        var perLine = lines.Select(l =>
        {
            var target = (int)Math.Min(l.Quantity, cands.Sum(c => ctx.Sellable(c, l.Sku)));
            if (target > 64) throw new NotSupportedException("the reference enumerates cost plans for small quantities only");
            var caps = cands.Select(c => (int)Math.Min(target, ctx.Sellable(c, l.Sku))).ToArray();
            return Splits(target, caps).ToList();
        }).ToList();
        var most = perLine.Sum(options => options[0].Sum());
        var costOf = cands.Select(c => Enumerable.Range(0, most + 1).Select(u => u == 0 ? 0 : ctx.CheapestService(c, u).Cost).ToArray()).ToArray();
        Plan? bestPlan = null;
        var bestCost = double.PositiveInfinity;
        var choice = new int[lines.Count];
        var locUnits = new int[cands.Count];
        Recurse(0);
        return (bestPlan!, bestPlan!.Count == 0 ? 0 : bestCost);

        void Recurse(int li)
        {
            if (li == lines.Count)
            {
                Array.Clear(locUnits);
                for (var k = 0; k < lines.Count; k++)
                    for (var c = 0; c < cands.Count; c++) locUnits[c] += perLine[k][choice[k]][c];
                double cost = 0;
                for (var c = 0; c < cands.Count; c++)
                    cost += costOf[c][locUnits[c]];
                if (bestPlan is null || cost < bestCost)
                {
                    bestCost = cost;
                    bestPlan = new Plan();
                    for (var k = 0; k < lines.Count; k++)
                        for (var c = 0; c < cands.Count; c++) bestPlan.Add(cands[c], lines[k].Sku, perLine[k][choice[k]][c]);
                }
                return;
            }
            for (var i = 0; i < perLine[li].Count; i++)
            {
                choice[li] = i;
                Recurse(li + 1);
            }
        }
    }

    /// <summary>Every way to write <paramref name="total"/> as a sum of parts bounded by <paramref name="caps"/>.</summary>
    private static IEnumerable<int[]> Splits(int total, int[] caps)
    {
        var parts = new int[caps.Length];
        return Go(0, total);

        IEnumerable<int[]> Go(int i, int left)
        {
            if (i == caps.Length)
            {
                if (left == 0) yield return (int[])parts.Clone();
                yield break;
            }
            for (var q = 0; q <= Math.Min(left, caps[i]); q++)
            {
                parts[i] = q;
                foreach (var p in Go(i + 1, left - q)) yield return p;
            }
            parts[i] = 0;
        }
    }

    // ---------------------------------------------------------------- geometry and dates

    /// <summary>Rule 10, as written.</summary>
    public static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        var phi1 = lat1 * Math.PI / 180;
        var phi2 = lat2 * Math.PI / 180;
        var dPhi = phi2 - phi1;
        var dLambda = lon2 * Math.PI / 180 - lon1 * Math.PI / 180;
        var a = Math.Pow(Math.Sin(dPhi / 2), 2) + Math.Cos(phi1) * Math.Cos(phi2) * Math.Pow(Math.Sin(dLambda / 2), 2);
        a = Math.Min(1, a);
        return 2 * 6371.0088 * Math.Asin(Math.Sqrt(a));
    }

    private static bool IsWorkingDay(LocalDate d) => d.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday);

    public static LocalDate DispatchDate(Loc loc, Instant placedAt)
    {
        var local = placedAt.InZone(loc.Zone).LocalDateTime;
        if (IsWorkingDay(local.Date) && (loc.Cutoff is null || local.TimeOfDay < loc.Cutoff.Value)) return local.Date;
        var d = local.Date.PlusDays(1);
        while (!IsWorkingDay(d)) d = d.PlusDays(1);
        return d;
    }

    public static LocalDate AddWorkingDays(LocalDate d, int days)
    {
        for (var i = 0; i < days; i++)
        {
            d = d.PlusDays(1);
            while (!IsWorkingDay(d)) d = d.PlusDays(1);
        }
        return d;
    }

    private static string Iso(LocalDate d) => LocalDatePattern.Iso.Format(d);

    /// <summary>Pretty JSON for messages.</summary>
    public static string Show(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
}
