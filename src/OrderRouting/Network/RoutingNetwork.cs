using System.Collections.Frozen;

namespace OrderRouting.Network;

/// <summary>
/// A validated, immutable set of stock locations compiled for routing: every location gets a dense index, its
/// services, capability and restriction sets are frozen, and the tie-break order (priority, then id ordinal) is
/// computed once, so routing an order builds no dictionaries.
/// </summary>
/// <remarks>Immutable and thread-safe; build it once and share it across threads and engines.</remarks>
public sealed class RoutingNetwork
{
    private readonly FrozenDictionary<LocationId, int> _index;

    private RoutingNetwork(StockLocation[] locations)
    {
        Locations = locations;
        var tieOrder = Enumerable.Range(0, locations.Length)
            .OrderBy(i => locations[i].Priority)
            .ThenBy(i => locations[i].Id.Value, StringComparer.Ordinal)
            .ToArray();
        var tieRank = new int[locations.Length];
        for (var rank = 0; rank < tieOrder.Length; rank++) tieRank[tieOrder[rank]] = rank;
        TieOrder = tieOrder;
        Compiled = new CompiledLocation[locations.Length];
        for (var i = 0; i < locations.Length; i++) Compiled[i] = new CompiledLocation(i, tieRank[i], locations[i]);
        _index = Enumerable.Range(0, locations.Length).ToFrozenDictionary(i => locations[i].Id);
        Ids = [.. locations.Select(l => l.Id)];
        UnitVectors = new UnitVectorColumns(Compiled, tieOrder);
    }

    /// <summary>The locations, in the order given to <see cref="Create"/> (their index).</summary>
    public IReadOnlyList<StockLocation> Locations { get; }

    /// <summary>The number of locations.</summary>
    public int Count => Compiled.Length;

    internal CompiledLocation[] Compiled { get; }

    /// <summary>The location ids by index (the list routing reads stock columns for).</summary>
    internal LocationId[] Ids { get; }

    /// <summary>Location indices in tie-break order: priority ascending, then id ordinal.</summary>
    internal int[] TieOrder { get; }

    /// <summary>The positions as unit vectors in tie-break order (approximate distances on vector lanes).</summary>
    internal UnitVectorColumns UnitVectors { get; }

    /// <summary>The location with id <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No location has that id.</exception>
    public StockLocation this[LocationId id] =>
        _index.TryGetValue(id, out var i) ? Locations[i] : throw new KeyNotFoundException($"no location \"{id}\" in the network");

    /// <summary>Finds a location's index in <see cref="Locations"/>.</summary>
    public bool TryGetIndex(LocationId id, out int index) => _index.TryGetValue(id, out index);

    /// <summary>Validates and compiles a network.</summary>
    /// <exception cref="RoutingNetworkException">One or more locations are invalid (every problem is listed): an empty
    /// or duplicate id, a negative daily capacity, a null service, time zone or calendar, a bad service
    /// (see <see cref="CarrierService"/>).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="locations"/> is null.</exception>
    public static RoutingNetwork Create(IEnumerable<StockLocation> locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        var array = locations.ToArray();
        var problems = new List<string>();
        var seen = new HashSet<LocationId>();
        for (var i = 0; i < array.Length; i++)
        {
            var path = $"Locations[{i}]";
            var location = array[i];
            if (location is null) { problems.Add($"{path}: is required"); continue; }
            if (location.Id.Value is null) problems.Add($"{path}.Id: is required");
            else if (!seen.Add(location.Id)) problems.Add($"{path}.Id: \"{location.Id}\" appears twice");
            if (location.TimeZone is null) problems.Add($"{path}.TimeZone: is required");
            if (location.Calendar is null) problems.Add($"{path}.Calendar: is required");
            if (location.DailyCapacity < 0) problems.Add($"{path}.DailyCapacity: must not be negative, was {location.DailyCapacity}");
            if (location.Services is null) { problems.Add($"{path}.Services: is required"); }
            else
            {
                for (var s = 0; s < location.Services.Count; s++)
                {
                    if (location.Services[s] is not { } service) problems.Add($"{path}.Services[{s}]: is required");
                    else service.Validate($"{path}.Services[{s}]", problems);
                }
            }
            if (location.Capabilities is null) problems.Add($"{path}.Capabilities: is required");
        }
        if (problems.Count > 0) throw new RoutingNetworkException(problems);
        return new RoutingNetwork(array);
    }
}
