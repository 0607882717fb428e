namespace OrderRouting.Returns;

/// <summary>
/// Where a return is in its lifecycle. <see cref="Closed"/>, <see cref="Rejected"/>, <see cref="Cancelled"/> and
/// <see cref="Expired"/> are terminal: no trigger leaves them. The transitions are declared once, in
/// <see cref="ReturnLifecycle"/>.
/// </summary>
public enum ReturnState
{
    /// <summary>The customer asked to return lines; waiting for authorisation (automatic or manual review).</summary>
    Requested,
    /// <summary>Authorised: an RMA number is issued; a label is being made.</summary>
    Authorised,
    /// <summary>The carrier's label service failed; the label can be requested again.</summary>
    LabelFailed,
    /// <summary>A return label was issued; waiting for the parcel.</summary>
    LabelIssued,
    /// <summary>The carrier scanned the parcel on its way back.</summary>
    InTransit,
    /// <summary>Some, not all, requested units arrived at the receiving location.</summary>
    PartiallyReceived,
    /// <summary>Every requested unit arrived at the receiving location.</summary>
    Received,
    /// <summary>Each received unit was inspected (resellable, damaged, wrong item or missing).</summary>
    Inspected,
    /// <summary>A refund, store credit or exchange was submitted and awaits confirmation.</summary>
    ResolutionPending,
    /// <summary>The refund was declined or the exchange could not be placed; the resolution can be retried.</summary>
    ResolutionFailed,
    /// <summary>The refund, store credit or exchange is confirmed.</summary>
    Resolved,
    /// <summary>Terminal: the return is complete.</summary>
    Closed,
    /// <summary>Terminal: the request was refused.</summary>
    Rejected,
    /// <summary>Terminal: the customer cancelled before shipping.</summary>
    Cancelled,
    /// <summary>Terminal: authorised but not shipped before the ship-by deadline.</summary>
    Expired,
}

/// <summary>What can happen to a return. Which trigger is allowed in which state is declared in <see cref="ReturnLifecycle"/>.</summary>
public enum ReturnTrigger
{
    /// <summary>The return is authorised (by policy or by an operator) and an RMA number issued.</summary>
    Authorise,
    /// <summary>The return is refused.</summary>
    Reject,
    /// <summary>The carrier made a return label.</summary>
    IssueLabel,
    /// <summary>The carrier's label service failed.</summary>
    FailLabel,
    /// <summary>A carrier scan: the parcel is on its way.</summary>
    ScanInTransit,
    /// <summary>A warehouse or store received units of the return.</summary>
    Receive,
    /// <summary>The received units were inspected.</summary>
    Inspect,
    /// <summary>A refund, store credit or exchange was submitted.</summary>
    SubmitResolution,
    /// <summary>The submitted resolution is confirmed.</summary>
    CompleteResolution,
    /// <summary>The refund was declined or the exchange order could not be placed.</summary>
    FailResolution,
    /// <summary>The return is complete.</summary>
    Close,
    /// <summary>The customer cancelled the return.</summary>
    Cancel,
    /// <summary>The ship-by deadline passed without a shipment.</summary>
    Expire,
}
