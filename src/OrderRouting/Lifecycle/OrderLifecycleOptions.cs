using NodaTime;

namespace OrderRouting.Lifecycle;

/// <summary>Settings of the <see cref="OrderLifecycle"/>.</summary>
/// <remarks>Set at start-up, then treat as read-only; not thread-safe while being changed.</remarks>
public sealed class OrderLifecycleOptions
{
    /// <summary>How long a hold lasts in the ledger if neither committed nor released; a hold that expires before its
    /// order is released is flagged <see cref="ExceptionCause.HoldExpired"/>.</summary>
    /// <value>The default value is 7 days.</value>
    public Duration HoldTimeToLive { get; set; } = Duration.FromDays(7);

    /// <summary>When true, an order is released to fulfilment as soon as it is routed; when false, the host calls
    /// <see cref="OrderLifecycle.ReleaseAsync"/> (for waves, payment or fraud checks).</summary>
    /// <value>The default value is true.</value>
    public bool ReleaseOnRouting { get; set; } = true;

    /// <summary>How many times a plan is made again when the ledger refuses a reservation because someone else took
    /// the stock first (a race); units still unplaced after that are backordered.</summary>
    /// <value>The default value is 3.</value>
    public int MaxReservationAttempts { get; set; } = 3;

    /// <summary>A candidate planner run beside the live one on every first routing, never acted on; its plans are
    /// published as <see cref="Events.ShadowRouted"/> events and compared in the report. Null for none.</summary>
    /// <value>The default value is null.</value>
    public IShipmentPlanner? ShadowPlanner { get; set; }

    /// <summary>
    /// Where each location's parcels start, for shipping labels. For a location listed here the lifecycle buys the
    /// label from the registered <see cref="Connectors.ICarrierGateway"/> (carrier and service as routing chose them)
    /// before it sends the instruction, and the instruction carries it (<see cref="Connectors.FulfilmentInstruction.Label"/>);
    /// a location not listed (a 3PL that buys its own labels) gets the instruction with the chosen service only.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IDictionary<LocationId, Address> ShipFrom { get; } = new Dictionary<LocationId, Address>();

    /// <summary>Every problem with these settings, one sentence each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HoldTimeToLive <= Duration.Zero) problems.Add($"Lifecycle.HoldTimeToLive: must be positive, was {HoldTimeToLive}");
        if (MaxReservationAttempts < 1) problems.Add($"Lifecycle.MaxReservationAttempts: must be at least 1, was {MaxReservationAttempts}");
        return problems;
    }
}
