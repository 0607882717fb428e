namespace OrderRouting.Lifecycle;

/// <summary>Where an order is in its life. <see cref="Delivered"/> and <see cref="Cancelled"/> are terminal.</summary>
/// <remarks>The allowed moves are declared once, in <see cref="OrderStateMachine"/>.</remarks>
public enum OrderState
{
    /// <summary>Ingested and acknowledged; not yet routed (also after a re-route was decided).</summary>
    Received,
    /// <summary>Stock is held in the ledger for the order's lines (some lines may wait for stock).</summary>
    Routed,
    /// <summary>Pick-pack-ship instructions went to the locations' fulfilment providers.</summary>
    Released,
    /// <summary>At least one shipment was picked.</summary>
    Picking,
    /// <summary>Every shipment left its location with a carrier and a tracking number.</summary>
    Dispatched,
    /// <summary>Every shipment was delivered. Terminal.</summary>
    Delivered,
    /// <summary>Held by an operator (fraud check, payment, ...); nothing moves until it is resumed.</summary>
    OnHold,
    /// <summary>Cancelled before dispatch; its holds are released. Terminal.</summary>
    Cancelled,
    /// <summary>Cannot progress (no stock anywhere, rejected, address refused, ...); see <see cref="TrackedOrder.OpenException"/>.</summary>
    Exception,
}

/// <summary>What moves an order from one <see cref="OrderState"/> to the next.</summary>
public enum OrderTrigger
{
    /// <summary>Stock was reserved for the order.</summary>
    Route,
    /// <summary>The order must be routed again (address corrected, hold expired, location rejected it, operator resolved an exception).</summary>
    Reroute,
    /// <summary>Instructions go to fulfilment.</summary>
    Release,
    /// <summary>A shipment was picked (in full or short).</summary>
    Pick,
    /// <summary>The last outstanding shipment was dispatched.</summary>
    Dispatch,
    /// <summary>The last outstanding shipment was delivered.</summary>
    Deliver,
    /// <summary>An operator puts the order on hold.</summary>
    Hold,
    /// <summary>An operator lifts the hold.</summary>
    Resume,
    /// <summary>The whole order is cancelled.</summary>
    Cancel,
    /// <summary>An exception is flagged that stops the whole order.</summary>
    Flag,
}
