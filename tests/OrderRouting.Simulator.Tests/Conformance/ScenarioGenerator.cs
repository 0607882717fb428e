using System.Text.Json.Nodes;

namespace OrderRouting.Simulator.Tests.Conformance;

/// <summary>
/// Random small, valid v1 scenarios (≤ 6 locations, ≤ 3 lines, small quantities) built from one seed, so a failing
/// case is replayed from its printed JSON or its seed. Values come from small pools so that ties are frequent.
/// </summary>
internal static class ScenarioGenerator
{
    private static readonly string[] Strategies = ["priority", "distance", "highStock", "capacity", "carrierScore", "cost"];
    private static readonly string[] Splits = ["greedy", "minimize", "none"];
    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland", "Pacific/Honolulu", "Africa/Cairo"];
    private static readonly string[] Cutoffs = ["00:00", "00:30", "02:30", "09:00", "12:00", "14:00", "23:30"];
    private static readonly string[] Ids = ["eu-1", "eu-2", "EU-3", "us-10", "us-9", "b", "a", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];
    private static readonly string[] Skus = ["S1", "S2", "s3"];
    private static readonly string[] Carriers = ["dhl", "ups", "DPD"];
    private static readonly double[] BaseCosts = [0, 1, 2.5, 4.9];
    private static readonly double[] PerKm = [0, 0.001, 0.002];
    private static readonly double[] PerUnit = [0, 0.25, 0.5, 1];
    private static readonly double[] Scores = [0.5, 0.9, 0.97, 1];

    /// <param name="seed">The seed.</param>
    /// <param name="wide">7 to 12 locations, at most 2 units a line and 2 orders (still small enough for brute force).</param>
    /// <param name="strategy">Forces the strategy (and 12 to 16 locations when "cost16").</param>
    public static string Generate(int seed, bool wide = false, string? strategy = null)
    {
        var r = new Random(seed);
        T Pick<T>(T[] xs) => xs[r.Next(xs.Length)];
        bool Chance(double p) => r.NextDouble() < p;

        var locationCount = strategy == "cost16" ? r.Next(12, 17) : wide ? r.Next(7, 13) : r.Next(1, 7);
        wide |= strategy == "cost16";
        var ids = Ids.OrderBy(_ => r.Next()).Take(locationCount).ToList();
        var locations = new JsonArray();
        var inventory = new JsonArray();
        var shipping = new JsonArray();
        foreach (var id in ids)
        {
            var l = new JsonObject { ["id"] = id };
            if (Chance(0.7)) l["priority"] = r.Next(-1, 3);
            if (Chance(0.8)) l["position"] = Chance(0.2) && locations.Count > 0 && locations[^1]!["position"] is { } previous ? previous.DeepClone() : Position(r);
            if (Chance(0.7)) l["timeZone"] = Pick(Zones);
            if (Chance(0.6)) l["cutoff"] = Pick(Cutoffs);
            if (Chance(0.5)) l["dailyCapacity"] = Pick(new[] { 0, 1, 1, 2, 3 });
            if (Chance(0.1)) l["enabled"] = false;
            else if (Chance(0.2)) l["enabled"] = true;
            locations.Add(l);
            foreach (var sku in Skus)
            {
                if (!Chance(0.75)) continue;
                var row = new JsonObject { ["location"] = id, ["sku"] = sku, ["onHand"] = r.Next(0, 7) };
                if (Chance(0.3)) row["safetyStock"] = r.Next(0, 3);
                inventory.Add(row);
            }
            var services = Chance(0.05) ? 0 : r.Next(1, 4);
            var used = new HashSet<string>();
            for (var s = 0; s < services; s++)
            {
                var carrier = Pick(Carriers);
                var service = Chance(0.5) ? "std" : "exp";
                if (!used.Add(carrier + "/" + service)) continue;
                var row = new JsonObject { ["location"] = id, ["carrier"] = carrier, ["service"] = service };
                if (Chance(0.9)) row["baseCost"] = Pick(BaseCosts);
                if (Chance(0.7)) row["costPerKm"] = Pick(PerKm);
                if (Chance(0.8)) row["costPerUnit"] = Pick(PerUnit);
                if (Chance(0.8)) row["transitDays"] = r.Next(0, 4);
                if (Chance(0.7)) row["score"] = Pick(Scores);
                shipping.Add(row);
            }
        }

        var policy = new JsonObject();
        if (strategy is not null) policy["strategy"] = strategy == "cost16" ? "cost" : strategy;
        else if (Chance(0.95)) policy["strategy"] = Pick(Strategies);
        if (Chance(0.95)) policy["split"] = Pick(Splits);
        if (Chance(0.95)) policy["partial"] = Chance(0.6) ? "allow" : "forbid";

        var orders = new JsonArray();
        var orderCount = wide ? r.Next(1, 3) : r.Next(1, 5);
        for (var o = 0; o < orderCount; o++)
        {
            var lines = new JsonArray();
            foreach (var sku in Skus.OrderBy(_ => r.Next()).Take(r.Next(1, 4)))
                lines.Add(new JsonObject { ["sku"] = sku, ["quantity"] = wide ? r.Next(1, 3) : r.Next(1, 4) });
            var shipTo = new JsonObject { ["country"] = "DE", ["postalCode"] = "10115" };
            if (Chance(0.8)) shipTo["position"] = Position(r);
            var order = new JsonObject { ["id"] = $"o{o}", ["placedAt"] = PlacedAt(r), ["lines"] = lines };
            if (Chance(0.9)) order["shipTo"] = shipTo;
            if (Chance(0.5)) order["channel"] = "web";
            orders.Add(order);
        }
        return new JsonObject
        {
            ["formatVersion"] = 1, ["locations"] = locations, ["inventory"] = inventory, ["shipping"] = shipping,
            ["policy"] = policy, ["orders"] = orders,
        }.ToJsonString();
    }

    private static JsonObject Position(Random r) => new()
    {
        ["latitude"] = Math.Round(40 + r.NextDouble() * 20, 3),
        ["longitude"] = Math.Round(-10 + r.NextDouble() * 40, 3),
    };

        private static string PlacedAt(Random r)
    {
        // Mostly Thursday 26 to Monday 30 November; sometimes around Cairo's (Friday/Thursday) and Europe's DST changes.
        var date = r.Next(5) == 0
            ? new[] { "2026-04-23", "2026-04-24", "2026-10-24", "2026-10-25", "2026-10-29", "2026-10-30" }[r.Next(6)]
            : $"2026-11-{26 + r.Next(0, 5):00}";
        var hour = r.Next(0, 24);
        var minute = r.Next(4) switch { 0 => 0, 1 => 59, 2 => 30, _ => r.Next(60) };
        var second = minute == 59 && r.Next(2) == 0 ? "59.999" : "00";
        var offset = r.Next(4) switch { 0 => "+02:00", 1 => "-05:00", _ => "Z" };
        return $"{date}T{hour:00}:{minute:00}:{second}{offset}";
    }
}
