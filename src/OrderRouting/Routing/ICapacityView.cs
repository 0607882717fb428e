using NodaTime;

namespace OrderRouting.Routing;

/// <summary>
/// How many shipments each location has been routed on a local day, for daily capacity (an intake limit).
/// <see cref="DailyCapacityCounter"/> is the in-memory implementation.
/// </summary>
/// <remarks>Implementations must be safe to read from many threads.</remarks>
public interface ICapacityView
{
    /// <summary>The shipments routed to <paramref name="location"/> on its local date <paramref name="day"/>; 0 when unknown.</summary>
    int GetShipments(LocationId location, LocalDate day);
}
