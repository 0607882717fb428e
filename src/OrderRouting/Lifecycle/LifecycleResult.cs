namespace OrderRouting.Lifecycle;

/// <summary>What became of a command to the lifecycle.</summary>
public enum LifecycleStatus
{
    /// <summary>Applied.</summary>
    Accepted,
    /// <summary>A repeat of something already applied (a webhook delivered twice, a duplicate confirmation): nothing changed.</summary>
    Duplicate,
    /// <summary>Not allowed now (the state machine refuses the trigger, the address can no longer change, ...): nothing changed.</summary>
    Refused,
    /// <summary>The input is malformed (an invalid order, a quantity beyond the line): nothing changed.</summary>
    Invalid,
    /// <summary>No such order or shipment: nothing changed.</summary>
    NotFound,
    /// <summary>A repeat with different content (a second dispatch with another tracking number): nothing changed.</summary>
    Conflict,
}

/// <summary>The outcome of a command: data, not an exception.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Order">The order concerned; default when unknown.</param>
/// <param name="State">The order's state after the command.</param>
/// <param name="Message">A sentence naming what was wrong (state and trigger for a refusal); empty when accepted.</param>
public sealed record LifecycleResult(LifecycleStatus Status, OrderId Order, OrderState State, string Message = "")
{
    /// <summary>True when the command was applied.</summary>
    public bool IsAccepted => Status == LifecycleStatus.Accepted;
}

/// <summary>Units of one order line (to cancel or return).</summary>
/// <param name="LineId">The order line.</param>
/// <param name="Quantity">Units, at least 1.</param>
public sealed record LineUnits(string LineId, int Quantity);
