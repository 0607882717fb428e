using System.Globalization;
using System.Text.Json;

namespace OrderRouting.Benchmarks.Simulator;

/// <summary>
/// A deterministic, realistic scenario file for the simulator benchmarks: 20 European locations in six time zones
/// with cutoffs and daily capacities, two carrier services each, 500 SKUs (each location holds about 60% of them),
/// and orders of 1 to 3 lines placed over five days with ship-to positions.
/// </summary>
internal static class GeneratedScenario
{
    private static readonly string[] Zones = ["Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Warsaw", "Europe/London", "Europe/Rome"];

    /// <summary>The scenario as UTF-8 JSON.</summary>
    public static byte[] Create(int orders, string strategy = "priority", string split = "greedy", int seed = 7)
    {
        var random = new Random(seed);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", 1);
            json.WriteStartArray("locations");
            for (var i = 0; i < 20; i++)
            {
                json.WriteStartObject();
                json.WriteString("id", Location(i));
                json.WriteNumber("priority", i % 5);
                WritePosition(json, 40 + random.NextDouble() * 15, -5 + random.NextDouble() * 25);
                json.WriteString("timeZone", Zones[i % Zones.Length]);
                json.WriteString("cutoff", "15:00");
                json.WriteNumber("dailyCapacity", 20_000);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("inventory");
            for (var i = 0; i < 20; i++)
                for (var k = 0; k < 500; k++)
                {
                    if (random.NextDouble() >= 0.6) continue;
                    json.WriteStartObject();
                    json.WriteString("location", Location(i));
                    json.WriteString("sku", Sku(k));
                    json.WriteNumber("onHand", random.Next(0, 2001));
                    json.WriteNumber("safetyStock", 2);
                    json.WriteEndObject();
                }
            json.WriteEndArray();

            json.WriteStartArray("shipping");
            for (var i = 0; i < 20; i++)
            {
                WriteService(json, Location(i), "dhl", "standard", 4.90, 0.002, 0.25, 2, 0.95);
                WriteService(json, Location(i), "ups", "express", 9.50, 0.001, 0.10, 1, 0.98);
            }
            json.WriteEndArray();

            json.WriteStartObject("policy");
            json.WriteString("strategy", strategy);
            json.WriteString("split", split);
            json.WriteString("partial", "allow");
            json.WriteEndObject();

            json.WriteStartArray("orders");
            Span<int> skus = stackalloc int[3];
            for (var o = 0; o < orders; o++)
            {
                json.WriteStartObject();
                json.WriteString("id", "o" + o.ToString(CultureInfo.InvariantCulture));
                json.WriteString("channel", "web");
                var placed = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero).AddSeconds(o * (5.0 * 86_400 / orders));
                json.WriteString("placedAt", placed.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteStartObject("shipTo");
                json.WriteString("country", "DE");
                json.WriteString("postalCode", "10115");
                WritePosition(json, 45 + random.NextDouble() * 10, random.NextDouble() * 20);
                json.WriteEndObject();
                json.WriteStartArray("lines");
                var lines = random.Next(1, 4);
                for (var l = 0; l < lines; l++)
                {
                    int sku;
                    do sku = random.Next(500); while (skus[..l].Contains(sku));
                    skus[l] = sku;
                    json.WriteStartObject();
                    json.WriteString("sku", Sku(sku));
                    json.WriteNumber("quantity", random.Next(1, 4));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string Location(int i) => "eu-" + i.ToString(CultureInfo.InvariantCulture);

    private static string Sku(int k) => "SKU-" + k.ToString(CultureInfo.InvariantCulture);

    private static void WritePosition(Utf8JsonWriter json, double latitude, double longitude)
    {
        json.WriteStartObject("position");
        json.WriteNumber("latitude", latitude);
        json.WriteNumber("longitude", longitude);
        json.WriteEndObject();
    }

    private static void WriteService(Utf8JsonWriter json, string location, string carrier, string service,
        double baseCost, double costPerKm, double costPerUnit, int transitDays, double score)
    {
        json.WriteStartObject();
        json.WriteString("location", location);
        json.WriteString("carrier", carrier);
        json.WriteString("service", service);
        json.WriteNumber("baseCost", baseCost);
        json.WriteNumber("costPerKm", costPerKm);
        json.WriteNumber("costPerUnit", costPerUnit);
        json.WriteNumber("transitDays", transitDays);
        json.WriteNumber("score", score);
        json.WriteEndObject();
    }
}
