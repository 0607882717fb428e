namespace OrderRouting.Returns;

/// <summary>What the inspection found for units of a returned line.</summary>
public enum InspectionOutcome
{
    /// <summary>As new: the units go back into sellable stock at the receiving location.</summary>
    Resellable,
    /// <summary>Damaged: the units are written off (never restocked).</summary>
    Damaged,
    /// <summary>Something else was sent back instead of the product.</summary>
    WrongItem,
    /// <summary>The units were not in the parcel (units never received count as missing too).</summary>
    Missing,
}

/// <summary>The inspection of units of one returned line. A line may have several entries (2 resellable, 1 damaged).</summary>
/// <param name="LineId">The order line.</param>
/// <param name="Outcome">What was found.</param>
/// <param name="Quantity">Units, at least 1.</param>
public sealed record LineInspection(string LineId, InspectionOutcome Outcome, int Quantity);
