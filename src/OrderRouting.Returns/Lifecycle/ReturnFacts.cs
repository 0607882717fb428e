using NodaTime;

namespace OrderRouting.Returns;

/// <summary>
/// What the guards of <see cref="ReturnLifecycle"/> decide on: the facts about a return as they would be after the
/// trigger (for a receipt: the units still outstanding once it is counted).
/// </summary>
/// <remarks><c>default</c> is "now is the epoch, nothing outstanding, nothing to resolve, no deadline".</remarks>
public readonly record struct ReturnFacts
{
    /// <summary>The time of the trigger.</summary>
    public Instant Now { get; init; }

    /// <summary>The ship-by deadline of an authorised return: after it, the return may expire.</summary>
    public Instant ShipBy { get; init; }

    /// <summary>Requested units not yet received (after counting the receipt being decided, if any).</summary>
    public int UnitsOutstanding { get; init; }

    /// <summary>True when at least one inspected unit qualifies for a refund, store credit or exchange.</summary>
    public bool HasResolvableUnits { get; init; }
}
