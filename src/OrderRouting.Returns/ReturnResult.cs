using NodaTime;
using OrderRouting.Connectors;

namespace OrderRouting.Returns;

/// <summary>What a command or callback did to a return.</summary>
public enum ReturnOutcome
{
    /// <summary>It was applied: the return moved (see <see cref="ReturnResult.State"/>).</summary>
    Applied,
    /// <summary>Accepted and changed nothing: a callback the table declares as ignored in this state (a late scan).</summary>
    Ignored,
    /// <summary>A callback with a key seen before: a no-op (<see cref="ReturnResult.Message"/> repeats the first answer).</summary>
    Duplicate,
    /// <summary>Refused: not allowed in this state, or invalid input. Nothing changed.</summary>
    Refused,
    /// <summary>An adapter failed (label service down, refund declined); the return's state says so and the step can be retried.</summary>
    AdapterFailed,
    /// <summary>No return has that id.</summary>
    NotFound,
}

/// <summary>The answer of <see cref="ReturnsService"/> to a command or callback.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Return">The return concerned.</param>
/// <param name="State">The return's state afterwards.</param>
/// <param name="Message">For a refusal or failure, a sentence naming the state, the trigger or the bad input; otherwise a short note.</param>
public sealed record ReturnResult(ReturnOutcome Outcome, ReturnId Return, ReturnState State, string Message)
{
    /// <summary>True when the command was applied, ignored as declared, or was a duplicate (nothing went wrong).</summary>
    public bool Succeeded => Outcome is ReturnOutcome.Applied or ReturnOutcome.Ignored or ReturnOutcome.Duplicate;
}

/// <summary>A carrier's scan of a return parcel (a webhook). Idempotent by key.</summary>
/// <param name="IdempotencyKey">The carrier's event id; a repeat is a no-op.</param>
/// <param name="Return">The return.</param>
/// <param name="Carrier">The carrier's code.</param>
/// <param name="TrackingNumber">The parcel's tracking number.</param>
/// <param name="ScannedAt">When the carrier scanned it (recorded in the event's cause; the event's time is the clock's).</param>
public sealed record CarrierScan(string IdempotencyKey, ReturnId Return, string Carrier, string TrackingNumber, Instant ScannedAt);

/// <summary>A warehouse's or store's receipt of returned units. Idempotent by key; may come before any carrier scan.</summary>
/// <param name="IdempotencyKey">The location's receipt id; a repeat is a no-op.</param>
/// <param name="Return">The return.</param>
/// <param name="Location">Where the units arrived; every receipt of a return must name the same location.</param>
/// <param name="Lines">Which lines and how many units of each arrived (at most what is still outstanding).</param>
public sealed record WarehouseReceipt(string IdempotencyKey, ReturnId Return, LocationId Location, IReadOnlyList<Ports.ReturnedLine> Lines);

/// <summary>The payment provider's confirmation of a pending refund (a webhook). Idempotent by key.</summary>
/// <param name="IdempotencyKey">The provider's event id; a repeat is a no-op.</param>
/// <param name="Return">The return.</param>
/// <param name="Succeeded">True when the refund was paid; false when it failed after all.</param>
/// <param name="Reference">The provider's refund reference.</param>
/// <param name="Reason">Why it failed; empty when it succeeded.</param>
public sealed record RefundConfirmation(string IdempotencyKey, ReturnId Return, bool Succeeded, string Reference, string Reason = "");

/// <summary>How a return is resolved.</summary>
public enum ResolutionKind
{
    /// <summary>Money back to the original payment.</summary>
    Refund,
    /// <summary>Store credit for the same amount.</summary>
    StoreCredit,
    /// <summary>A replacement order.</summary>
    Exchange,
}

/// <summary>The resolution chosen for an inspected return.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record ReturnResolution
{
    private ReturnResolution(ResolutionKind kind, IReadOnlyList<ExchangeLine> lines)
    {
        Kind = kind;
        ExchangeLines = lines;
    }

    /// <summary>Refund, store credit or exchange.</summary>
    public ResolutionKind Kind { get; }

    /// <summary>For an exchange, the replacements; otherwise empty.</summary>
    public IReadOnlyList<ExchangeLine> ExchangeLines { get; }

    /// <summary>A refund to the original payment.</summary>
    public static ReturnResolution Refund { get; } = new(ResolutionKind.Refund, []);

    /// <summary>Store credit.</summary>
    public static ReturnResolution StoreCredit { get; } = new(ResolutionKind.StoreCredit, []);

    /// <summary>An exchange for the given replacements.</summary>
    /// <exception cref="ArgumentException">No replacement is given.</exception>
    public static ReturnResolution Exchange(IReadOnlyList<ExchangeLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0) throw new ArgumentException("an exchange needs at least one replacement", nameof(lines));
        return new(ResolutionKind.Exchange, lines.ToArray());
    }
}

/// <summary>A copy of a return as it was when read.</summary>
/// <param name="Id">The return's id.</param>
/// <param name="Rma">The RMA number; empty until authorised.</param>
/// <param name="Order">The order.</param>
/// <param name="Channel">The order's channel.</param>
/// <param name="ReasonCode">The customer's reason code.</param>
/// <param name="State">The state.</param>
/// <param name="RequestedAt">When the return was opened.</param>
/// <param name="ShipBy">The ship-by deadline; null until authorised.</param>
/// <param name="Destination">Where the return goes, with why; null until routed.</param>
/// <param name="Label">The return label; null until issued.</param>
/// <param name="ReceivedAt">The receiving location; null until a receipt.</param>
/// <param name="Lines">Each returned line and what became of its units.</param>
/// <param name="Refunded">The money paid back so far (refund or store credit).</param>
/// <param name="Resolution">The resolution chosen; null until one is submitted.</param>
/// <param name="ExchangeOrder">The exchange order placed, if any.</param>
/// <param name="AdvanceHold">The stock hold of an advance exchange, if any.</param>
/// <param name="LastError">The last adapter failure or refusal reason; empty when none.</param>
/// <param name="PendingEffects">Side effects not yet delivered (restocks, notifications, hold releases), retried by <see cref="ReturnsService.RetryAsync"/>.</param>
/// <param name="History">Every transition, oldest first.</param>
public sealed record ReturnSnapshot(
    ReturnId Id, string Rma, OrderId Order, ChannelId Channel, string ReasonCode, ReturnState State, Instant RequestedAt,
    Instant? ShipBy, ReturnRouting? Destination, ShippingLabel? Label, LocationId? ReceivedAt, IReadOnlyList<ReturnLineStatus> Lines,
    Money Refunded, ResolutionKind? Resolution, OrderId? ExchangeOrder, HoldId? AdvanceHold, string LastError,
    IReadOnlyList<string> PendingEffects, IReadOnlyList<ReturnEvent> History);

/// <summary>What became of the units of one returned line.</summary>
/// <param name="LineId">The order line.</param>
/// <param name="Sku">The product.</param>
/// <param name="UnitPrice">The price paid per unit.</param>
/// <param name="Requested">Units the customer returns.</param>
/// <param name="Received">Units that arrived.</param>
/// <param name="Resellable">Units inspected as resellable.</param>
/// <param name="Damaged">Units inspected as damaged (written off).</param>
/// <param name="WrongItem">Units that turned out to be something else.</param>
/// <param name="Missing">Units missing (not in the parcel, or never received).</param>
/// <param name="Restocked">Resellable units the ledger accepted back into stock.</param>
public sealed record ReturnLineStatus(
    string LineId, Sku Sku, Money UnitPrice, int Requested, int Received, int Resellable, int Damaged, int WrongItem, int Missing, int Restocked);
