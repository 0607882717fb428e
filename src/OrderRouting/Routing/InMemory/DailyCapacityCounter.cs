using System.Collections.Concurrent;
using NodaTime;

namespace OrderRouting.Routing;

/// <summary>
/// An in-memory <see cref="ICapacityView"/>: counts shipments per location and local day. Apply each routing
/// decision with <see cref="Apply"/> so the next order sees the capacity it used.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class DailyCapacityCounter : ICapacityView
{
    private readonly ConcurrentDictionary<(LocationId Location, LocalDate Day), int> _counts = new();

    /// <inheritdoc />
    public int GetShipments(LocationId location, LocalDate day) => _counts.GetValueOrDefault((location, day));

    /// <summary>Adds <paramref name="shipments"/> shipments to a location's count on a local day.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shipments"/> is negative.</exception>
    public void Record(LocationId location, LocalDate day, int shipments = 1)
    {
        Guard.NotNegative(shipments);
        _counts.AddOrUpdate((location, day), static (_, n) => n, static (_, count, n) => checked(count + n), shipments);
    }

    /// <summary>Gives back <paramref name="shipments"/> shipments of a location's count on a local day (a shipment
    /// withdrawn before it was worked on); the count never goes below zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shipments"/> is negative.</exception>
    public void Release(LocationId location, LocalDate day, int shipments = 1)
    {
        Guard.NotNegative(shipments);
        _counts.AddOrUpdate((location, day), static (_, _) => 0, static (_, count, n) => Math.Max(0, count - n), shipments);
    }

    /// <summary>Counts each shipment of a routing decision on its location's <see cref="Shipment.IntakeDate"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public void Apply(RoutingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var shipment in result.Shipments) Record(shipment.LocationId, shipment.IntakeDate);
    }
}
