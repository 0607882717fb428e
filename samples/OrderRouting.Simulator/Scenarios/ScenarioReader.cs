using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using NodaTime;

namespace OrderRouting.Simulator.Scenarios;

/// <summary>The outcome of reading a scenario file: the scenario, or every problem found.</summary>
/// <param name="Scenario">The validated scenario; null when there are problems.</param>
/// <param name="Problems">One line per problem, <c>JSON-PATH: problem</c>, in document order; empty when valid.</param>
public sealed record ScenarioReadResult(Scenario? Scenario, IReadOnlyList<string> Problems)
{
    /// <summary>Whether the file is a valid scenario.</summary>
    public bool IsValid => Scenario is not null;
}

/// <summary>
/// Reads and validates a scenario file (format v1, <c>shared/scenario-format.md</c>): every problem is reported at
/// once, in document order, with its JSON path. Property and enum names are case-sensitive; unknown properties are
/// ignored; JSON <c>null</c> is the same as leaving an optional field out. When a property appears twice in one
/// object, the last one counts (as in JavaScript's <c>JSON.parse</c>).
/// </summary>
/// <remarks>Stateless and thread-safe. Never throws for bad input: problems are data.</remarks>
public static class ScenarioReader
{
    /// <summary>The one format version this reader understands.</summary>
    public const int FormatVersion = 1;

    /// <summary>Reads a scenario from UTF-8 JSON (a leading byte-order mark is skipped).</summary>
    public static ScenarioReadResult Read(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Span.StartsWith("\uFEFF"u8)) utf8Json = utf8Json[3..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            return new ScenarioReadResult(null, ["$: not a valid JSON document: " + e.Message]);
        }

        using (document)
        {
            return new Walker().Read(document.RootElement);
        }
    }

    /// <summary>Reads a scenario from JSON text.</summary>
    public static ScenarioReadResult Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    /// <summary>A property as found in its object: its value and its position among the object's properties.</summary>
    private readonly struct Field(JsonElement value, int ordinal)
    {
        public JsonElement Value { get; } = value;
        public int Ordinal { get; } = ordinal;
        public bool Present { get; } = true;
        /// <summary>Absent, or JSON <c>null</c>.</summary>
        public bool IsMissing => !Present || Value.ValueKind == JsonValueKind.Null;
    }

    private sealed class Walker
    {
        private static readonly string[] Strategies = ["priority", "distance", "highStock", "capacity", "carrierScore", "cost"];
        private static readonly string[] Splits = ["greedy", "minimize", "none"];
        private static readonly string[] Partials = ["allow", "forbid"];

        private readonly ScenarioProblems _problems = new();
        private readonly HashSet<string> _knownLocations = new(StringComparer.Ordinal);
        private readonly HashSet<string> _seenLocations = new(StringComparer.Ordinal);
        private readonly HashSet<(string, string)> _seenStock = [];
        private readonly HashSet<string> _seenOrders = new(StringComparer.Ordinal);
        private readonly HashSet<string> _orderSkus = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _shared;
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _sharedLookup;

        public Walker()
        {
            _shared = new Dictionary<string, string>(StringComparer.Ordinal);
            _sharedLookup = _shared.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public ScenarioReadResult Read(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                _problems.Add("must be a JSON object (a scenario), was " + Describe(root));
                return Result(null);
            }

            Field formatVersion = default, locations = default, inventory = default, shipping = default, policy = default, orders = default;
            var ordinal = 0;
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("formatVersion"u8)) formatVersion = new Field(property.Value, ordinal);
                else if (property.NameEquals("locations"u8)) locations = new Field(property.Value, ordinal);
                else if (property.NameEquals("inventory"u8)) inventory = new Field(property.Value, ordinal);
                else if (property.NameEquals("shipping"u8)) shipping = new Field(property.Value, ordinal);
                else if (property.NameEquals("policy"u8)) policy = new Field(property.Value, ordinal);
                else if (property.NameEquals("orders"u8)) orders = new Field(property.Value, ordinal);
                ordinal++;
            }

            CollectLocationIds(locations);

            var version = ReadInt(formatVersion, "formatVersion", required: false, min: int.MinValue, max: int.MaxValue);
            if (version is { } v && v != FormatVersion)
                _problems.Add("formatVersion", formatVersion.Ordinal, $"unsupported format version {v}; this simulator reads version {FormatVersion}");

            var scenarioLocations = ReadArray(locations, "locations", ReadLocation);
            var scenarioInventory = ReadArray(inventory, "inventory", ReadStock);
            var scenarioShipping = ReadArray(shipping, "shipping", ReadService);
            var scenarioPolicy = ReadPolicy(policy);
            var scenarioOrders = ReadArray(orders, "orders", ReadOrder);

            return Result(new Scenario(scenarioLocations, scenarioInventory, scenarioShipping, scenarioPolicy, scenarioOrders));
        }

        private ScenarioReadResult Result(Scenario? scenario) =>
            _problems.Any ? new ScenarioReadResult(null, _problems.ToLines()) : new ScenarioReadResult(scenario, []);

        /// <summary>First pass: every location id in the file, so that references may precede the locations.</summary>
        private void CollectLocationIds(Field locations)
        {
            if (locations.IsMissing || locations.Value.ValueKind != JsonValueKind.Array) return;
            foreach (var location in locations.Value.EnumerateArray())
            {
                if (location.ValueKind != JsonValueKind.Object) continue;
                string? id = null;
                foreach (var property in location.EnumerateObject())
                {
                    if (property.NameEquals("id"u8)) id = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
                if (!string.IsNullOrEmpty(id)) _knownLocations.Add(id);
            }
        }

        private IReadOnlyList<T> ReadArray<T>(Field field, string name, Func<JsonElement, T> readElement)
        {
            if (field.IsMissing) return [];
            _problems.Enter(name, field.Ordinal);
            try
            {
                if (field.Value.ValueKind != JsonValueKind.Array)
                {
                    _problems.Add("must be an array, was " + Describe(field.Value));
                    return [];
                }

                var items = new List<T>(field.Value.GetArrayLength());
                var index = 0;
                foreach (var element in field.Value.EnumerateArray())
                {
                    _problems.Enter(index++);
                    if (element.ValueKind == JsonValueKind.Object) items.Add(readElement(element));
                    else _problems.Add("must be an object, was " + Describe(element));
                    _problems.Leave();
                }
                return items;
            }
            finally
            {
                _problems.Leave();
            }
        }

        private ScenarioLocation ReadLocation(JsonElement element)
        {
            Field id = default, priority = default, position = default, timeZone = default, cutoff = default, dailyCapacity = default, enabled = default;
            var ordinal = 0;
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("id"u8)) id = new Field(property.Value, ordinal);
                else if (property.NameEquals("priority"u8)) priority = new Field(property.Value, ordinal);
                else if (property.NameEquals("position"u8)) position = new Field(property.Value, ordinal);
                else if (property.NameEquals("timeZone"u8)) timeZone = new Field(property.Value, ordinal);
                else if (property.NameEquals("cutoff"u8)) cutoff = new Field(property.Value, ordinal);
                else if (property.NameEquals("dailyCapacity"u8)) dailyCapacity = new Field(property.Value, ordinal);
                else if (property.NameEquals("enabled"u8)) enabled = new Field(property.Value, ordinal);
                ordinal++;
            }

            var locationId = ReadString(id, "id", required: true) ?? "";
            if (locationId.Length > 0 && !_seenLocations.Add(locationId))
                _problems.Add("id", id.Ordinal, $"duplicate location id \"{locationId}\"");

            return new ScenarioLocation(
                locationId,
                ReadInt(priority, "priority", required: false, min: int.MinValue, max: int.MaxValue) ?? 0,
                ReadPosition(position, "position"),
                ReadTimeZone(timeZone),
                ReadCutoff(cutoff),
                ReadInt(dailyCapacity, "dailyCapacity", required: false, min: 0, max: int.MaxValue),
                ReadBool(enabled, "enabled") ?? true);
        }

        private ScenarioStock ReadStock(JsonElement element)
        {
            Field location = default, sku = default, onHand = default, safetyStock = default;
            var ordinal = 0;
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("location"u8)) location = new Field(property.Value, ordinal);
                else if (property.NameEquals("sku"u8)) sku = new Field(property.Value, ordinal);
                else if (property.NameEquals("onHand"u8)) onHand = new Field(property.Value, ordinal);
                else if (property.NameEquals("safetyStock"u8)) safetyStock = new Field(property.Value, ordinal);
                ordinal++;
            }

            var locationId = ReadLocationReference(location);
            var skuId = ReadString(sku, "sku", required: true, shared: true) ?? "";
            if (locationId.Length > 0 && skuId.Length > 0 && !_seenStock.Add((locationId, skuId)))
                _problems.Add($"duplicate inventory row for location \"{locationId}\" and SKU \"{skuId}\"");

            return new ScenarioStock(
                locationId,
                skuId,
                ReadInt(onHand, "onHand", required: true, min: 0, max: int.MaxValue) ?? 0,
                ReadInt(safetyStock, "safetyStock", required: false, min: 0, max: int.MaxValue) ?? 0);
        }

        private ScenarioService ReadService(JsonElement element)
        {
            Field location = default, carrier = default, service = default, baseCost = default, costPerKm = default,
                costPerUnit = default, transitDays = default, score = default;
            var ordinal = 0;
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("location"u8)) location = new Field(property.Value, ordinal);
                else if (property.NameEquals("carrier"u8)) carrier = new Field(property.Value, ordinal);
                else if (property.NameEquals("service"u8)) service = new Field(property.Value, ordinal);
                else if (property.NameEquals("baseCost"u8)) baseCost = new Field(property.Value, ordinal);
                else if (property.NameEquals("costPerKm"u8)) costPerKm = new Field(property.Value, ordinal);
                else if (property.NameEquals("costPerUnit"u8)) costPerUnit = new Field(property.Value, ordinal);
                else if (property.NameEquals("transitDays"u8)) transitDays = new Field(property.Value, ordinal);
                else if (property.NameEquals("score"u8)) score = new Field(property.Value, ordinal);
                ordinal++;
            }

            return new ScenarioService(
                ReadLocationReference(location),
                ReadString(carrier, "carrier", required: true, shared: true) ?? "",
                ReadString(service, "service", required: true, shared: true) ?? "",
                ReadDouble(baseCost, "baseCost", 0, double.MaxValue) ?? 0,
                ReadDouble(costPerKm, "costPerKm", 0, double.MaxValue) ?? 0,
                ReadDouble(costPerUnit, "costPerUnit", 0, double.MaxValue) ?? 0,
                ReadInt(transitDays, "transitDays", required: false, min: 0, max: 365) ?? 0,
                ReadDouble(score, "score", 0, 1) ?? 1);
        }

        private ScenarioPolicy ReadPolicy(Field policy)
        {
            if (policy.IsMissing) return ScenarioPolicy.Default;
            _problems.Enter("policy", policy.Ordinal);
            try
            {
                if (policy.Value.ValueKind != JsonValueKind.Object)
                {
                    _problems.Add("must be an object, was " + Describe(policy.Value));
                    return ScenarioPolicy.Default;
                }

                Field strategy = default, split = default, partial = default;
                var ordinal = 0;
                foreach (var property in policy.Value.EnumerateObject())
                {
                    if (property.NameEquals("strategy"u8)) strategy = new Field(property.Value, ordinal);
                    else if (property.NameEquals("split"u8)) split = new Field(property.Value, ordinal);
                    else if (property.NameEquals("partial"u8)) partial = new Field(property.Value, ordinal);
                    ordinal++;
                }

                return new ScenarioPolicy(
                    (ScenarioStrategy)ReadEnum(strategy, "strategy", Strategies),
                    (ScenarioSplit)ReadEnum(split, "split", Splits),
                    (ScenarioPartial)ReadEnum(partial, "partial", Partials));
            }
            finally
            {
                _problems.Leave();
            }
        }

        private ScenarioOrder ReadOrder(JsonElement element)
        {
            Field id = default, channel = default, placedAt = default, shipTo = default, lines = default;
            var ordinal = 0;
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("id"u8)) id = new Field(property.Value, ordinal);
                else if (property.NameEquals("channel"u8)) channel = new Field(property.Value, ordinal);
                else if (property.NameEquals("placedAt"u8)) placedAt = new Field(property.Value, ordinal);
                else if (property.NameEquals("shipTo"u8)) shipTo = new Field(property.Value, ordinal);
                else if (property.NameEquals("lines"u8)) lines = new Field(property.Value, ordinal);
                ordinal++;
            }

            var orderId = ReadString(id, "id", required: true) ?? "";
            if (orderId.Length > 0 && !_seenOrders.Add(orderId))
                _problems.Add("id", id.Ordinal, $"duplicate order id \"{orderId}\"");

            return new ScenarioOrder(
                orderId,
                ReadString(channel, "channel", required: false, nonEmpty: false, shared: true),
                ReadPlacedAt(placedAt),
                ReadAddress(shipTo),
                ReadLines(lines));
        }

        private ScenarioAddress? ReadAddress(Field shipTo)
        {
            if (shipTo.IsMissing) return null;
            _problems.Enter("shipTo", shipTo.Ordinal);
            try
            {
                if (shipTo.Value.ValueKind != JsonValueKind.Object)
                {
                    _problems.Add("must be an object, was " + Describe(shipTo.Value));
                    return null;
                }

                Field country = default, postalCode = default, position = default;
                var ordinal = 0;
                foreach (var property in shipTo.Value.EnumerateObject())
                {
                    if (property.NameEquals("country"u8)) country = new Field(property.Value, ordinal);
                    else if (property.NameEquals("postalCode"u8)) postalCode = new Field(property.Value, ordinal);
                    else if (property.NameEquals("position"u8)) position = new Field(property.Value, ordinal);
                    ordinal++;
                }

                return new ScenarioAddress(
                    ReadString(country, "country", required: false, nonEmpty: false, shared: true),
                    ReadString(postalCode, "postalCode", required: false, nonEmpty: false, shared: true),
                    ReadPosition(position, "position"));
            }
            finally
            {
                _problems.Leave();
            }
        }

        private IReadOnlyList<ScenarioLine> ReadLines(Field lines)
        {
            if (lines.IsMissing)
            {
                _problems.Add("lines", lines.Present ? lines.Ordinal : ScenarioProblems.Absent, "is required (at least one line)");
                return [];
            }

            _orderSkus.Clear();
            var read = ReadArray(lines, "lines", ReadLine);
            if (lines.Value.ValueKind == JsonValueKind.Array && lines.Value.GetArrayLength() == 0)
                _problems.Add("lines", lines.Ordinal, "must have at least one line");
            return read;
        }

        private ScenarioLine ReadLine(JsonElement element)
        {
            Field sku = default, quantity = default;
            var ordinal = 0;
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("sku"u8)) sku = new Field(property.Value, ordinal);
                else if (property.NameEquals("quantity"u8)) quantity = new Field(property.Value, ordinal);
                ordinal++;
            }

            var skuId = ReadString(sku, "sku", required: true, shared: true) ?? "";
            if (skuId.Length > 0 && !_orderSkus.Add(skuId))
                _problems.Add("sku", sku.Ordinal, $"SKU \"{skuId}\" appears on more than one line of this order");
            return new ScenarioLine(skuId, ReadInt(quantity, "quantity", required: true, min: 1, max: int.MaxValue) ?? 0);
        }

        private string ReadLocationReference(Field location)
        {
            var id = ReadString(location, "location", required: true, shared: true) ?? "";
            if (id.Length > 0 && !_knownLocations.Contains(id))
                _problems.Add("location", location.Ordinal, $"unknown location \"{id}\" (not in $.locations)");
            return id;
        }

        private GeoPoint? ReadPosition(Field position, string name)
        {
            if (position.IsMissing) return null;
            _problems.Enter(name, position.Ordinal);
            try
            {
                if (position.Value.ValueKind != JsonValueKind.Object)
                {
                    _problems.Add("must be an object with latitude and longitude, was " + Describe(position.Value));
                    return null;
                }

                Field latitude = default, longitude = default;
                var ordinal = 0;
                foreach (var property in position.Value.EnumerateObject())
                {
                    if (property.NameEquals("latitude"u8)) latitude = new Field(property.Value, ordinal);
                    else if (property.NameEquals("longitude"u8)) longitude = new Field(property.Value, ordinal);
                    ordinal++;
                }

                var lat = ReadDouble(latitude, "latitude", -90, 90, required: true);
                var lon = ReadDouble(longitude, "longitude", -180, 180, required: true);
                return lat is { } a && lon is { } b ? GeoPoint.Of(a, b) : null;
            }
            finally
            {
                _problems.Leave();
            }
        }

        private DateTimeZone ReadTimeZone(Field timeZone)
        {
            var id = ReadString(timeZone, "timeZone", required: false, shared: true);
            if (id is null) return DateTimeZone.Utc;
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
            if (zone is null)
                _problems.Add("timeZone", timeZone.Ordinal, $"unknown time zone \"{id}\" (an IANA zone id such as \"Europe/Berlin\"; case-sensitive)");
            return zone ?? DateTimeZone.Utc;
        }

        private LocalTime? ReadCutoff(Field cutoff)
        {
            var text = ReadString(cutoff, "cutoff", required: false, nonEmpty: false, shared: true);
            if (text is null) return null;
            if (ScenarioText.TryParseCutoff(text, out var time)) return time;
            _problems.Add("cutoff", cutoff.Ordinal, $"must be a local time written exactly HH:mm (00:00 to 23:59), was \"{text}\"");
            return null;
        }

        private Instant ReadPlacedAt(Field placedAt)
        {
            Span<char> buffer = stackalloc char[64];
            if (!placedAt.IsMissing && TryCopyChars(placedAt.Value, buffer, out var length) &&
                ScenarioText.TryParseInstant(buffer[..length], out var instant, out _))
                return instant;

            var text = ReadString(placedAt, "placedAt", required: true, nonEmpty: false);
            if (text is null) return default;
            if (ScenarioText.TryParseInstant(text, out instant, out var problem)) return instant;
            _problems.Add("placedAt", placedAt.Ordinal, problem + $", was \"{text}\"");
            return default;
        }

        /// <summary>
        /// A string value, shared with earlier equal values of this file (SKUs, channels, location references repeat
        /// on every order: one string each instead of one per occurrence).
        /// </summary>
        private string SharedString(JsonElement value)
        {
            Span<char> buffer = stackalloc char[128];
            if (!TryCopyChars(value, buffer, out var length)) return value.GetString()!;
            var chars = buffer[..length];
            if (_sharedLookup.TryGetValue(chars, out var shared)) return shared;
            shared = new string(chars);
            _shared.Add(shared, shared);
            return shared;
        }

        /// <summary>Copies a JSON string without escapes into <paramref name="buffer"/>; false when it has escapes or does not fit.</summary>
        private static bool TryCopyChars(JsonElement value, Span<char> buffer, out int length)
        {
            length = 0;
            if (value.ValueKind != JsonValueKind.String) return false;
            var raw = JsonMarshal.GetRawUtf8Value(value);
            if (raw.Length < 2 || raw[0] != (byte)'"') return false;
            var inner = raw[1..^1];
            return inner.IndexOf((byte)'\\') < 0 && inner.Length <= buffer.Length && Encoding.UTF8.TryGetChars(inner, buffer, out length);
        }

        private int ReadEnum(Field field, string name, string[] names)
        {
            if (field.IsMissing) return 0;
            if (field.Value.ValueKind == JsonValueKind.String)
            {
                var index = Array.IndexOf(names, field.Value.GetString());
                if (index >= 0) return index;
            }
            _problems.Add(name, field.Ordinal, $"unknown value {field.Value.GetRawText()}; expected one of {string.Join(", ", names)} (case-sensitive)");
            return 0;
        }

        private string? ReadString(Field field, string name, bool required, bool nonEmpty = true, bool shared = false)
        {
            if (field.IsMissing)
            {
                if (required) _problems.Add(name, field.Present ? field.Ordinal : ScenarioProblems.Absent, "is required");
                return null;
            }
            if (field.Value.ValueKind != JsonValueKind.String)
            {
                _problems.Add(name, field.Ordinal, "must be a string, was " + Describe(field.Value));
                return null;
            }
            var text = shared ? SharedString(field.Value) : field.Value.GetString()!;
            if (nonEmpty && text.Length == 0)
            {
                _problems.Add(name, field.Ordinal, "must not be empty");
                return null;
            }
            return text;
        }

        private int? ReadInt(Field field, string name, bool required, int min, int max)
        {
            if (field.IsMissing)
            {
                if (required) _problems.Add(name, field.Present ? field.Ordinal : ScenarioProblems.Absent, "is required");
                return null;
            }
            if (field.Value.ValueKind != JsonValueKind.Number)
            {
                _problems.Add(name, field.Ordinal, "must be an integer, was " + Describe(field.Value));
                return null;
            }
            if (!field.Value.TryGetInt32(out var value))
            {
                var raw = field.Value.GetRawText();
                _problems.Add(name, field.Ordinal, raw.AsSpan().IndexOfAny(".eE") >= 0
                    ? $"must be a JSON integer (no fraction or exponent), was {raw}"
                    : $"must be within the 32-bit integer range, was {raw}");
                return null;
            }
            if (value < min || value > max)
            {
                _problems.Add(name, field.Ordinal, RangeProblem(min, max, value));
                return null;
            }
            return value;
        }

        private double? ReadDouble(Field field, string name, double min, double max, bool required = false)
        {
            if (field.IsMissing)
            {
                if (required) _problems.Add(name, field.Present ? field.Ordinal : ScenarioProblems.Absent, "is required");
                return null;
            }
            if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                _problems.Add(name, field.Ordinal, "must be a finite number, was " + Describe(field.Value));
                return null;
            }
            if (value < min || value > max)
            {
                _problems.Add(name, field.Ordinal, max == double.MaxValue
                    ? $"must not be negative, was {field.Value.GetRawText()}"
                    : $"must be in [{min}, {max}], was {field.Value.GetRawText()}");
                return null;
            }
            return value;
        }

        private bool? ReadBool(Field field, string name)
        {
            if (field.IsMissing) return null;
            if (field.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) return field.Value.GetBoolean();
            _problems.Add(name, field.Ordinal, "must be true or false, was " + Describe(field.Value));
            return null;
        }

        private static string RangeProblem(int min, int max, int value) =>
            (min, max) switch
            {
                (0, int.MaxValue) => $"must not be negative, was {value}",
                (1, int.MaxValue) => $"must be > 0, was {value}",
                _ => $"must be in [{min}, {max}], was {value}",
            };

        private static string Describe(JsonElement element)
        {
            var raw = element.ValueKind switch
            {
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                _ => element.GetRawText(),
            };
            return raw.Length > 40 ? raw[..40] + "..." : raw;
        }
    }
}
