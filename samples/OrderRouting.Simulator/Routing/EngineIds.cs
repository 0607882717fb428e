using System.Globalization;
using OrderRouting.Simulator.Scenarios;

namespace OrderRouting.Simulator.Routing;

/// <summary>
/// The engine's identifiers for the file's ids. The format accepts any non-empty string as an id; the library's
/// identifiers (<see cref="LocationId"/>, <see cref="Sku"/>, <see cref="OrderId"/>) also refuse leading or trailing
/// white space and more than 200 characters. Ids the library accepts are used as they are. When some location id
/// is not acceptable, every location gets a stand-in <c>L0000000</c>, <c>L0000001</c>, ... numbered in ordinal
/// order of the file's ids, so the engine's ordinal tie-breaks (rule 3) are unchanged; likewise SKUs get
/// <c>S0</c>, <c>S1</c>, ... when some SKU is not acceptable. Results always show the file's ids.
/// </summary>
/// <remarks>Not thread-safe (SKU stand-ins are assigned on first use).</remarks>
internal sealed class EngineIds
{
    private static readonly Address UnknownAddress = OrderRouting.Address.Create(UnknownCountry, "");
    private const string UnknownCountry = "ZZ";

    private readonly Dictionary<string, LocationId> _locations = new(StringComparer.Ordinal);
    private readonly Dictionary<LocationId, string> _fileLocations = [];
    private readonly Dictionary<string, Sku>? _skuStandIns;

    public EngineIds(Scenario scenario)
    {
        var ids = scenario.Locations.Select(l => l.Id).ToArray();
        var standIns = !ids.All(IsIdentifier);
        if (standIns) Array.Sort(ids, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            var id = standIns ? LocationId.Of("L" + i.ToString("D7", CultureInfo.InvariantCulture)) : LocationId.Of(ids[i]);
            _locations.Add(ids[i], id);
            _fileLocations.Add(id, ids[i]);
        }

        var skusAcceptable = scenario.Inventory.All(row => IsIdentifier(row.Sku)) &&
                             scenario.Orders.All(order => order.Lines.All(line => IsIdentifier(line.Sku)));
        if (!skusAcceptable) _skuStandIns = new Dictionary<string, Sku>(StringComparer.Ordinal);
    }

    /// <summary>Whether the library accepts <paramref name="id"/> as an identifier as it is.</summary>
    public static bool IsIdentifier(string id) =>
        id.Length is > 0 and <= 200 && !char.IsWhiteSpace(id[0]) && !char.IsWhiteSpace(id[^1]);

    /// <summary>The engine's id of a file location id (the reader has checked that it exists).</summary>
    public LocationId Location(string fileId) => _locations[fileId];

    /// <summary>The file's id of an engine location id.</summary>
    public string FileLocation(LocationId id) => _fileLocations[id];

    /// <summary>The engine's SKU of a file SKU.</summary>
    public Sku Sku(string fileSku)
    {
        if (_skuStandIns is null) return OrderRouting.Sku.Of(fileSku);
        if (!_skuStandIns.TryGetValue(fileSku, out var sku))
            _skuStandIns.Add(fileSku, sku = OrderRouting.Sku.Of("S" + _skuStandIns.Count.ToString(CultureInfo.InvariantCulture)));
        return sku;
    }

    /// <summary>The engine's id of the <paramref name="index"/>-th order of the file.</summary>
    public OrderId Order(int index, string fileId) =>
        IsIdentifier(fileId) ? OrderId.Of(fileId) : OrderId.Of("order-" + index.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The engine's address for a ship-to. Country and postal code are not checked by format v1 and not used by its
    /// routing: a country that is not an ISO 3166-1 alpha-2 code becomes <c>ZZ</c> (unknown), a postal code the
    /// library would refuse becomes empty; the position is kept.
    /// </summary>
    public static Address Address(ScenarioAddress? shipTo)
    {
        if (shipTo is null) return UnknownAddress;
        var country = shipTo.Country is { Length: 2 } c && char.IsAsciiLetterUpper(c[0]) && char.IsAsciiLetterUpper(c[1]) ? c : UnknownCountry;
        var postalCode = shipTo.PostalCode is { Length: <= 16 } p && p.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == ' ' || ch == '-') ? p : "";
        return country == UnknownCountry && postalCode.Length == 0 && shipTo.Position is null
            ? UnknownAddress
            : OrderRouting.Address.Create(country, postalCode, shipTo.Position);
    }
}
