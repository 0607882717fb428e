using OrderRouting.StateMachines;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reactive.Subjects;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Orders;
using OrderRouting.Ports;

namespace OrderRouting.Returns;

/// <summary>
/// Runs returns from request to refund, store credit or exchange: opens them (it is the <see cref="IReturnsPort"/>),
/// applies the policy, calls the host's adapters (labels, refunds, exchange orders, warehouse and customer
/// notifications, the stock ledger) and takes the callbacks of carriers, warehouses and payment providers, each
/// idempotent by key. Every transition follows <see cref="ReturnLifecycle"/> and is published on <see cref="Events"/>.
/// </summary>
/// <remarks>
/// Thread-safe: commands on different returns run in parallel, commands on one return one at a time (in arrival
/// order). Results are data: a refused command returns <see cref="ReturnOutcome.Refused"/> and changes nothing; an
/// adapter failure moves the return to a state that says so (<see cref="ReturnState.LabelFailed"/>,
/// <see cref="ReturnState.ResolutionFailed"/>) or keeps the side effect pending (see <see cref="ReturnSnapshot.PendingEffects"/>),
/// and <see cref="RetryAsync"/> tries again. Returns are held in memory; the host persists <see cref="Events"/> and
/// may <see cref="Forget"/> ended returns.
/// </remarks>
public sealed class ReturnsService : IReturnsPort, IDisposable
{
    private readonly IClock _clock;
    private readonly IReturnPolicy _policy;
    private readonly IReturnRouter _router;
    private readonly IStockReservations _stock;
    private readonly ICarrierGateway _carrier;
    private readonly IRefundGateway _refunds;
    private readonly IExchangeOrderGateway _exchanges;
    private readonly IInboundReturnNotifier _inbound;
    private readonly INotificationSink _notifications;
    private readonly string _carrierCode;
    private readonly string _carrierService;
    private readonly string _rmaPrefix;
    private readonly Duration _advanceHoldTimeToLive;

    private readonly ConcurrentDictionary<ReturnId, ReturnCase> _returns = new();
    private readonly object _openLock = new();
    private readonly Dictionary<string, ReturnOpened> _openings = new(StringComparer.Ordinal);
    private readonly Dictionary<(OrderId Order, string Line), int> _claimed = [];
    private long _sequence;

    private readonly Subject<ReturnEvent> _events = new();
    private readonly object _emitLock = new();
    private bool _disposed;

    /// <summary>Creates the service. <c>AddReturns(...)</c> does this for you.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every problem is named).</exception>
    public ReturnsService(
        IClock clock, IReturnPolicy policy, IReturnRouter router, IStockReservations stock, ICarrierGateway carrier,
        IRefundGateway refunds, IExchangeOrderGateway exchanges, IInboundReturnNotifier inbound, INotificationSink notifications,
        ReturnsOptions options)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _router = router ?? throw new ArgumentNullException(nameof(router));
        _stock = stock ?? throw new ArgumentNullException(nameof(stock));
        _carrier = carrier ?? throw new ArgumentNullException(nameof(carrier));
        _refunds = refunds ?? throw new ArgumentNullException(nameof(refunds));
        _exchanges = exchanges ?? throw new ArgumentNullException(nameof(exchanges));
        _inbound = inbound ?? throw new ArgumentNullException(nameof(inbound));
        _notifications = notifications ?? throw new ArgumentNullException(nameof(notifications));
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        options.Validate(problems);
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        _carrierCode = options.Carrier;
        _carrierService = options.CarrierService;
        _rmaPrefix = options.RmaPrefix;
        _advanceHoldTimeToLive = options.AdvanceExchange.HoldTimeToLive;
    }

    /// <summary>
    /// Every transition of every return, in order per return, published when the command that made it ends (the
    /// return is then consistent and <see cref="Find"/> shows it). Never null; completes when the service is disposed.
    /// Subscribers are called on the thread that ran the command, one at a time, and must not block; an exception
    /// from a subscriber reaches that command's caller as an <see cref="AggregateException"/>, the return unharmed.
    /// </summary>
    public IObservable<ReturnEvent> Events => _events;

    // ------------------------------------------------------------------ opening and authorisation

    /// <summary>
    /// Opens a return for lines of an order: checks the request, applies the policy (window, returnable products,
    /// reason code), and authorises it at once when the policy says so (RMA number, destination, label). Idempotent
    /// by <see cref="ReturnOpening.IdempotencyKey"/>: a repeat returns the first answer.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The service was disposed.</exception>
    public async ValueTask<ReturnOpened> OpenAsync(ReturnOpening request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ReturnCase opened;
        ReturnEligibility eligibility;
        ReturnOpened answer;
        lock (_openLock)
        {
            if (_openings.TryGetValue(request.IdempotencyKey ?? "", out var earlier)) return earlier;
            var problem = Check(request);
            eligibility = problem is null ? _policy.Assess(request, _clock.GetCurrentInstant()) : ReturnEligibility.Refused(problem);
            if (!eligibility.Eligible)
            {
                answer = new ReturnOpened(default, false, eligibility.Reason);
                if (!string.IsNullOrEmpty(request.IdempotencyKey)) _openings[request.IdempotencyKey] = answer;
                return answer;
            }

            var id = ReturnId.Of("R-" + Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture));
            var lines = request.Lines.Select(r => new CaseLine(request.Order.Lines.First(l => l.LineId == r.LineId), r.Quantity)).ToArray();
            opened = new ReturnCase(id, request, _clock.GetCurrentInstant(), lines);
            foreach (var line in lines) Claim(opened, line, line.Requested);
            opened.Snapshot = Snapshot(opened);
            _returns[id] = opened;
            answer = new ReturnOpened(id, true, eligibility.Reason);
            _openings[request.IdempotencyKey!] = answer;
        }

        if (eligibility.AutoAuthorise)
        {
            await opened.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await AuthoriseCoreAsync(opened, "policy", eligibility.Reason, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                try
                {
                    Settle(opened);
                }
                finally
                {
                    opened.Gate.Release();
                }
            }
        }
        return answer;
    }

    /// <summary>Authorises a return waiting for review (an operator's decision): RMA number, destination, label.</summary>
    /// <param name="id">The return.</param>
    /// <param name="actor">Who decided, e.g. <c>operator:jane</c>.</param>
    /// <param name="note">Why, for the audit trail.</param>
    /// <param name="cancellationToken">Cancels waiting for the return or for the label service; the return is then unchanged or authorised without a label.</param>
    public ValueTask<ReturnResult> AuthoriseAsync(ReturnId id, string actor, string note = "", CancellationToken cancellationToken = default) =>
        WithReturnAsync(id, cancellationToken, c => AuthoriseCoreAsync(c, actor, note, cancellationToken));

    /// <summary>Rejects a return waiting for review; the customer is told.</summary>
    /// <param name="id">The return.</param>
    /// <param name="actor">Who decided.</param>
    /// <param name="reason">Why, told to the customer.</param>
    /// <param name="cancellationToken">Cancels waiting for the return.</param>
    public ValueTask<ReturnResult> RejectAsync(ReturnId id, string actor, string reason, CancellationToken cancellationToken = default) =>
        WithReturnAsync(id, cancellationToken, async c =>
        {
            if (Fire(c, ReturnTrigger.Reject, c.Facts(Now), actor, reason) is { } refused) return await refused.ConfigureAwait(false);
            Unclaim(c);
            Notify(c, NotificationTopics.ReturnRejected, ("reason", reason));
            return await Applied(c, reason, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>Cancels a return on the customer's request, which is allowed until it has shipped.</summary>
    /// <param name="id">The return.</param>
    /// <param name="actor">Who cancelled, e.g. <c>customer</c>.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels waiting for the return.</param>
    public ValueTask<ReturnResult> CancelAsync(ReturnId id, string actor, string reason = "", CancellationToken cancellationToken = default) =>
        WithReturnAsync(id, cancellationToken, async c =>
        {
            if (Fire(c, ReturnTrigger.Cancel, c.Facts(Now), actor, reason) is { } refused) return await refused.ConfigureAwait(false);
            Unclaim(c);
            ReleaseAdvanceHold(c);
            return await Applied(c, "cancelled", cancellationToken).ConfigureAwait(false);
        });

    /// <summary>
    /// Expires every authorised return that was not shipped by its ship-by deadline (call it from a timer). Advance
    /// exchange holds are released.
    /// </summary>
    /// <returns>How many returns expired.</returns>
    public async ValueTask<int> ExpireOverdueAsync(CancellationToken cancellationToken = default)
    {
        var expired = 0;
        foreach (var candidate in _returns.Values)
        {
            if (candidate.State is not (ReturnState.Authorised or ReturnState.LabelFailed or ReturnState.LabelIssued)) continue;
            var result = await WithReturnAsync(candidate.Id, cancellationToken, async c =>
            {
                var now = Now;
                if (c.ShipBy > now || !ReturnLifecycle.IsDeclared(c.State, ReturnTrigger.Expire))
                    return Result(ReturnOutcome.Ignored, c, "not due");
                if (Fire(c, ReturnTrigger.Expire, c.Facts(now), "system:expiry", $"not shipped by {c.ShipBy}") is { } refused) return await refused.ConfigureAwait(false);
                Unclaim(c);
                ReleaseAdvanceHold(c);
                return await Applied(c, "expired", cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            if (result.Outcome == ReturnOutcome.Applied) expired++;
        }
        return expired;
    }

    // ------------------------------------------------------------------ callbacks

    /// <summary>
    /// A carrier scanned the return parcel. Idempotent by key; a scan after the receipt is accepted and changes nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="scan"/> is null.</exception>
    public ValueTask<ReturnResult> RecordScanAsync(CarrierScan scan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return WithCallbackAsync(scan.Return, "scan:" + scan.IdempotencyKey, cancellationToken, c =>
        {
            var cause = $"{scan.Carrier} scanned {scan.TrackingNumber} at {scan.ScannedAt} (event {scan.IdempotencyKey})";
            return Fire(c, ReturnTrigger.ScanInTransit, c.Facts(Now), "carrier:" + scan.Carrier, cause, ignoredMessage: "late or repeated scan: nothing changes")
                   ?? Applied(c, cause, cancellationToken);
        });
    }

    /// <summary>
    /// A warehouse or store received units of a return (all of them, or some: the return is then partly received).
    /// Idempotent by key; accepted before any carrier scan.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="receipt"/> is null.</exception>
    public ValueTask<ReturnResult> RecordReceiptAsync(WarehouseReceipt receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return WithCallbackAsync(receipt.Return, "receipt:" + receipt.IdempotencyKey, cancellationToken, c =>
        {
            if (CheckReceipt(c, receipt, out var units) is { } problem) return new ValueTask<ReturnResult>(Result(ReturnOutcome.Refused, c, problem));
            var cause = $"{units} unit(s) received at {receipt.Location} (receipt {receipt.IdempotencyKey})";
            if (Fire(c, ReturnTrigger.Receive, c.Facts(Now, units), "location:" + receipt.Location, cause) is { } refused) return refused;
            c.ReceivedAt = receipt.Location;
            foreach (var received in receipt.Lines) c.CountReceipt(c.Lines.First(l => l.Line.LineId == received.LineId), received.Quantity);
            Notify(c, NotificationTopics.ReturnReceived, ("units", units.ToString(CultureInfo.InvariantCulture)), ("location", receipt.Location.Value));
            return Applied(c, cause, cancellationToken);
        });
    }

    /// <summary>
    /// The payment provider confirmed (or failed) a pending refund. Idempotent by key; a confirmation of the refund
    /// already confirmed is a no-op.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="confirmation"/> is null.</exception>
    public ValueTask<ReturnResult> ConfirmRefundAsync(RefundConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        return WithCallbackAsync(confirmation.Return, "refund:" + confirmation.IdempotencyKey, cancellationToken, c =>
        {
            if (confirmation.Succeeded && c.ConfirmedReference is { Length: > 0 } done && done == confirmation.Reference)
                return new ValueTask<ReturnResult>(Result(ReturnOutcome.Duplicate, c, $"refund {done} was already confirmed"));
            if (c.State == ReturnState.ResolutionPending && c.Submitted is { } pending)
            {
                var actor = "payments";
                return confirmation.Succeeded
                    ? CompleteAsync(c, pending, confirmation.Reference, actor, cancellationToken)
                    : FailResolutionAsync(c, actor, $"refund failed after submission: {confirmation.Reason}", newAttempt: true, cancellationToken);
            }
            return Fire(c, confirmation.Succeeded ? ReturnTrigger.CompleteResolution : ReturnTrigger.FailResolution, c.Facts(Now), "payments", confirmation.Reason)
                   ?? new ValueTask<ReturnResult>(Result(ReturnOutcome.Refused, c, "no refund is awaiting confirmation"));
        });
    }

    // ------------------------------------------------------------------ inspection and resolution

    /// <summary>
    /// Records the inspection of every received unit (units never received count as missing). Resellable units are
    /// restocked at the receiving location through <see cref="IStockReservations.Restock"/>; damaged ones are written
    /// off. A return with nothing that qualifies for resolution is closed at once.
    /// </summary>
    /// <param name="id">The return.</param>
    /// <param name="inspections">For each returned line, entries covering exactly its received units.</param>
    /// <param name="actor">Who inspected, e.g. <c>inspector:eu-1:ana</c>.</param>
    /// <param name="cancellationToken">Cancels waiting for the return.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inspections"/> is null.</exception>
    public ValueTask<ReturnResult> InspectAsync(ReturnId id, IReadOnlyList<LineInspection> inspections, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inspections);
        return WithReturnAsync(id, cancellationToken, async c =>
        {
            if (CheckInspection(c, inspections) is { } problem) return Result(ReturnOutcome.Refused, c, problem);
            var counts = new int[4];
            foreach (var entry in inspections) counts[(int)entry.Outcome] += entry.Quantity;
            var missing = counts[(int)InspectionOutcome.Missing] + c.UnitsRequested - c.UnitsReceived;
            var cause = $"{counts[0]} resellable, {counts[1]} damaged (written off), {counts[2]} wrong item, {missing} missing";
            if (Fire(c, ReturnTrigger.Inspect, c.Facts(Now), actor, cause) is { } refused) return await refused.ConfigureAwait(false);

            foreach (var entry in inspections) c.Lines.First(l => l.Line.LineId == entry.LineId).Inspected[(int)entry.Outcome] += entry.Quantity;
            foreach (var line in c.Lines)
            {
                line.Inspected[(int)InspectionOutcome.Missing] += line.Requested - line.Received;
                line.Resolvable = 0;
                foreach (var outcome in (ReadOnlySpan<InspectionOutcome>)[InspectionOutcome.Resellable, InspectionOutcome.Damaged])
                    if (_policy.IsResolvable(outcome, c.Opening.ReasonCode)) line.Resolvable += line.Count(outcome);
                if (line.Count(InspectionOutcome.Resellable) > 0) Restock(c, line);
            }

            if (c.ResolvableUnits == 0)
            {
                Fire(c, ReturnTrigger.Close, c.Facts(Now), "policy", "nothing qualifies for a refund, credit or exchange");
                ReleaseAdvanceHold(c);
            }
            return await Applied(c, cause, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Resolves an inspected return by refund, store credit or exchange. The refund is the policy's quote for the
    /// qualifying units, never more than was paid for them (plus the shipping charge, when refunded). A declined
    /// refund or a refused exchange moves the return to <see cref="ReturnState.ResolutionFailed"/>, from which this
    /// may be called again (with the same or another resolution). Completed resolutions close the return.
    /// </summary>
    /// <param name="id">The return.</param>
    /// <param name="resolution">Refund, store credit or exchange.</param>
    /// <param name="actor">Who chose it, e.g. <c>customer</c> or <c>policy</c>.</param>
    /// <param name="cancellationToken">Cancels waiting for the return or the adapter; a cancelled submission is retried with the same key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="resolution"/> is null.</exception>
    public ValueTask<ReturnResult> ResolveAsync(ReturnId id, ReturnResolution resolution, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        return WithReturnAsync(id, cancellationToken, c => ResolveCoreAsync(c, resolution, actor, cancellationToken));
    }

    /// <summary>
    /// Holds the replacement stock of an advance exchange at once (the replacement ships before the return arrives),
    /// if the policy allows it. The hold goes with the exchange order when the return is resolved by exchange, and is
    /// released when the return ends otherwise.
    /// </summary>
    /// <param name="id">The return.</param>
    /// <param name="replacement">Where and what to hold (the location is usually chosen by outbound routing).</param>
    /// <param name="actor">Who asked.</param>
    /// <param name="cancellationToken">Cancels waiting for the return.</param>
    /// <exception cref="ArgumentNullException"><paramref name="replacement"/> is null.</exception>
    public ValueTask<ReturnResult> HoldAdvanceExchangeAsync(ReturnId id, IReadOnlyList<StockLine> replacement, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        return WithReturnAsync(id, cancellationToken, c =>
        {
            if (c.AdvanceHold is { } held) return new ValueTask<ReturnResult>(Result(ReturnOutcome.Duplicate, c, $"replacement stock is already held ({held})"));
            if (c.State is not (ReturnState.Authorised or ReturnState.LabelFailed or ReturnState.LabelIssued or ReturnState.InTransit))
                return new ValueTask<ReturnResult>(Result(ReturnOutcome.Refused, c, $"an advance exchange is possible only after authorisation and before the return arrives; the return is {c.State}"));
            if (_policy.RefuseAdvanceExchange(c.Opening) is { } refusal) return new ValueTask<ReturnResult>(Result(ReturnOutcome.Refused, c, refusal));
            if (replacement.Count == 0) return new ValueTask<ReturnResult>(Result(ReturnOutcome.Refused, c, "replacement: at least one line is required"));
            var hold = HoldId.Of(c.Id.Value + ":advance-exchange");
            LedgerOutcome outcome;
            try
            {
                outcome = _stock.Reserve(new ReserveCommand(hold.Value, hold, replacement, _advanceHoldTimeToLive));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                c.LastError = "stock ledger failed: " + error.Message;
                return new ValueTask<ReturnResult>(Result(ReturnOutcome.AdapterFailed, c, c.LastError));
            }
            if (!outcome.IsAccepted)
            {
                c.LastError = $"replacement stock not held: {outcome.Status} {outcome.Message}".TrimEnd();
                return new ValueTask<ReturnResult>(Result(ReturnOutcome.AdapterFailed, c, c.LastError));
            }
            c.AdvanceHold = hold;
            return new ValueTask<ReturnResult>(Result(ReturnOutcome.Applied, c, $"replacement stock held ({hold}) by {actor}"));
        });
    }

    /// <summary>
    /// Retries what failed: the label when the return is <see cref="ReturnState.LabelFailed"/> (or authorised without
    /// one), the resolution when it is <see cref="ReturnState.ResolutionFailed"/>, and every pending side effect.
    /// </summary>
    /// <param name="id">The return.</param>
    /// <param name="cancellationToken">Cancels waiting for the return or the adapters.</param>
    public ValueTask<ReturnResult> RetryAsync(ReturnId id, CancellationToken cancellationToken = default) =>
        WithReturnAsync(id, cancellationToken, async c =>
        {
            switch (c.State)
            {
                case ReturnState.Authorised:
                case ReturnState.LabelFailed:
                    return await IssueLabelAsync(c, cancellationToken).ConfigureAwait(false);
                case ReturnState.ResolutionFailed when c.Resolution is { } resolution:
                    return await ResolveCoreAsync(c, resolution, "retry", cancellationToken).ConfigureAwait(false);
                default:
                    await RunEffectsAsync(c, cancellationToken).ConfigureAwait(false);
                    return c.Effects.Count == 0
                        ? Result(ReturnOutcome.Applied, c, "nothing left to retry")
                        : Result(ReturnOutcome.AdapterFailed, c, c.LastError);
            }
        });

    /// <summary>
    /// The return as it was when its last command or callback finished, or null when no return has that id. Never
    /// waits: safe to call from an <see cref="Events"/> subscriber (which then sees the state before the command in progress).
    /// </summary>
    public ReturnSnapshot? Find(ReturnId id) => _returns.TryGetValue(id, out var c) ? c.Snapshot : null;

    /// <summary>
    /// Drops an ended return (closed, rejected, cancelled or expired) from memory once the host has persisted its
    /// events; later commands and callbacks for it answer <see cref="ReturnOutcome.NotFound"/>. The units it returned
    /// stay counted against the order, and its opening key still answers the same.
    /// </summary>
    /// <returns>True when the return was dropped; false when there is no such return or it has not ended.</returns>
    public bool Forget(ReturnId id) =>
        _returns.TryGetValue(id, out var c) && ReturnLifecycle.IsTerminal(c.Snapshot.State) &&
        _returns.TryRemove(new KeyValuePair<ReturnId, ReturnCase>(id, c));

    private static ReturnSnapshot Snapshot(ReturnCase c) => new(
        c.Id, c.Rma, c.Order.Id, c.Order.Channel, c.Opening.ReasonCode, c.State, c.RequestedAt,
        c.ShipBy == Instant.MaxValue ? null : c.ShipBy, c.Destination, c.Label, c.ReceivedAt,
        c.Lines.Select(l => new ReturnLineStatus(
            l.Line.LineId, l.Line.Sku, l.Line.UnitPrice, l.Requested, l.Received, l.Count(InspectionOutcome.Resellable),
            l.Count(InspectionOutcome.Damaged), l.Count(InspectionOutcome.WrongItem), l.Count(InspectionOutcome.Missing), l.Restocked)).ToArray(),
        c.Refunded, c.Resolution?.Kind, c.ExchangeOrder, c.AdvanceHold, c.LastError,
        c.Effects.Select(e => e.Description).ToArray(), c.History.ToArray());

    /// <summary>Completes <see cref="Events"/>. Further commands throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_emitLock)
        {
            if (_disposed) return;
            _disposed = true;
            _events.OnCompleted();
            _events.Dispose();
        }
    }

    // ------------------------------------------------------------------ steps

    private Instant Now => _clock.GetCurrentInstant();

    private async ValueTask<ReturnResult> AuthoriseCoreAsync(ReturnCase c, string actor, string cause, CancellationToken cancellationToken)
    {
        var now = Now;
        if (Fire(c, ReturnTrigger.Authorise, c.Facts(now), actor, cause) is { } refused) return await refused.ConfigureAwait(false);
        c.Rma = _rmaPrefix + c.Id.Value;
        c.ShipBy = _policy.ShipBy(c.Opening, now);
        Notify(c, NotificationTopics.ReturnAuthorised, ("rma", c.Rma), ("shipBy", c.ShipBy.ToString()));
        return await IssueLabelAsync(c, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ReturnResult> IssueLabelAsync(ReturnCase c, CancellationToken cancellationToken)
    {
        if (!ReturnLifecycle.IsDeclared(c.State, ReturnTrigger.IssueLabel))
            return Result(ReturnOutcome.Refused, c, ReturnLifecycle.Decide(c.State, ReturnTrigger.IssueLabel, c.Facts(Now)).Error!);
        ShippingLabel label;
        try
        {
            if (c.Destination is not { Found: true })
                c.Destination = _router.Route(new ReturnRoutingRequest(
                    c.Id, c.Order, c.Lines.Select(l => new RoutedReturnLine(l.Line, l.Requested)).ToArray(), c.Order.ShipTo, c.Opening.ShippedFrom, Now));
            if (!c.Destination.Found) return await FailLabelAsync(c, "no return destination: " + c.Destination.Explanation, cancellationToken).ConfigureAwait(false);
            label = await _carrier.CreateLabelAsync(
                new LabelRequest(c.Id.Value + ":label", _carrierCode, _carrierService, c.Order.ShipTo, c.Destination.Address!, c.Rma),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!IsCancellation(error, cancellationToken))
        {
            return await FailLabelAsync(c, "label service failed: " + error.Message, cancellationToken).ConfigureAwait(false);
        }

        var cause = $"label {label.Carrier} {label.TrackingNumber} to {c.Destination.Location} ({c.Destination.Explanation})";
        if (Fire(c, ReturnTrigger.IssueLabel, c.Facts(Now), "carrier:" + label.Carrier, cause) is { } refused) return await refused.ConfigureAwait(false);
        c.Label = label;
        c.LastError = "";
        Notify(c, NotificationTopics.ReturnLabelIssued, ("rma", c.Rma), ("carrier", label.Carrier), ("trackingNumber", label.TrackingNumber), ("label", label.Document));
        var notice = new InboundReturnNotice(
            c.Id.Value + ":inbound", c.Id, c.Rma, c.Destination.Location,
            c.Lines.Select(l => new StockLine(c.Destination.Location, l.Line.Sku, l.Requested)).ToArray(), label.TrackingNumber);
        c.Effects.Add(new PendingEffect($"tell {notice.Location} that {c.Rma} is inbound", async ct =>
        {
            await _inbound.NotifyAsync(notice, ct).ConfigureAwait(false);
            return null;
        }));
        return await Applied(c, cause, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ReturnResult> FailLabelAsync(ReturnCase c, string why, CancellationToken cancellationToken)
    {
        if (Fire(c, ReturnTrigger.FailLabel, c.Facts(Now), "carrier:" + _carrierCode, why) is { } refused) return await refused.ConfigureAwait(false);
        c.LastError = why;
        await RunEffectsAsync(c, cancellationToken).ConfigureAwait(false);
        return Result(ReturnOutcome.AdapterFailed, c, why);
    }

    private async ValueTask<ReturnResult> ResolveCoreAsync(ReturnCase c, ReturnResolution resolution, string actor, CancellationToken cancellationToken)
    {
        var decision = ReturnLifecycle.Decide(c.State, ReturnTrigger.SubmitResolution, c.Facts(Now));
        if (decision.Kind != TransitionDecisionKind.Move) return Result(ReturnOutcome.Refused, c, decision.Error!);
        if (CheckExchange(c, resolution) is { } problem) return Result(ReturnOutcome.Refused, c, problem);

        var kind = resolution.Kind;
        var amount = kind == ResolutionKind.Exchange ? Money.Zero(c.Refunded.Currency) : RefundAmount(c);
        var key = $"{c.Id}:{kind.ToString().ToLowerInvariant()}:{c.ResolutionAttempt}";
        var what = kind == ResolutionKind.Exchange
            ? $"exchange of {resolution.ExchangeLines.Sum(l => l.Quantity)} unit(s) submitted ({key})"
            : $"{(kind == ResolutionKind.Refund ? "refund" : "store credit")} of {amount} submitted ({key})";
        Fire(c, ReturnTrigger.SubmitResolution, c.Facts(Now), actor, what);
        var pending = new PendingResolution(resolution, key, amount, "");
        c.Resolution = resolution;
        c.Submitted = pending;

        if (kind == ResolutionKind.Exchange)
        {
            ExchangePlacement placement;
            try
            {
                placement = await _exchanges.PlaceAsync(
                    new ExchangeOrderRequest(key, c.Id, c.Rma, c.Order, resolution.ExchangeLines, c.AdvanceHold), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (!IsCancellation(error, cancellationToken))
            {
                return await FailResolutionAsync(c, "exchange", "exchange order placement failed: " + error.Message, newAttempt: false, cancellationToken).ConfigureAwait(false);
            }
            if (!placement.Placed)
                return await FailResolutionAsync(c, "exchange", "exchange order refused: " + placement.Reason, newAttempt: true, cancellationToken).ConfigureAwait(false);
            c.ExchangeOrder = placement.Order;
            return await CompleteAsync(c, pending, placement.Order.Value, "exchange", cancellationToken).ConfigureAwait(false);
        }

        if (amount.Amount == 0) return await CompleteAsync(c, pending, "", "policy", cancellationToken).ConfigureAwait(false);
        RefundSubmission submission;
        try
        {
            submission = await _refunds.SubmitAsync(
                new RefundRequest(key, c.Id, c.Rma, c.Order.Id, c.Order.Channel, amount,
                    kind == ResolutionKind.StoreCredit ? RefundMethod.StoreCredit : RefundMethod.OriginalPayment),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!IsCancellation(error, cancellationToken))
        {
            return await FailResolutionAsync(c, "payments", "refund gateway failed: " + error.Message, newAttempt: false, cancellationToken).ConfigureAwait(false);
        }
        switch (submission.Status)
        {
            case RefundSubmissionStatus.Completed:
                return await CompleteAsync(c, pending, submission.Reference, "payments", cancellationToken).ConfigureAwait(false);
            case RefundSubmissionStatus.Pending:
                c.Submitted = pending with { Reference = submission.Reference };
                return await Applied(c, $"{what}; awaiting confirmation of {submission.Reference}", cancellationToken).ConfigureAwait(false);
            default:
                return await FailResolutionAsync(c, "payments", "refund declined: " + submission.Reason, newAttempt: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The refund due now: the policy's quote, capped by what was paid for the qualifying units (and shipping) less what was refunded.</summary>
    private Money RefundAmount(ReturnCase c)
    {
        var qualifying = c.Lines.Where(l => l.Resolvable > 0).Select(l => new RefundableUnits(l.Line, l.Resolvable)).ToArray();
        var whole = c.Order.Lines.All(ol => c.Lines.Any(l => l.Line.LineId == ol.LineId && l.Resolvable == ol.Quantity));
        var quote = _policy.QuoteRefund(new RefundQuoteRequest(c.Order, c.Opening.ReasonCode, qualifying, whole));
        var cap = RefundCap(c) - c.Refunded;
        var amount = quote.Total.Currency == cap.Currency ? Money.Min(quote.Total, cap) : Money.Zero(cap.Currency);
        return amount.Amount < 0 ? Money.Zero(cap.Currency) : amount;
    }

    /// <summary>The most a return can ever pay back: the price paid for its qualifying units, plus the order's shipping charge.</summary>
    internal static Money RefundCap(ReturnCase c)
    {
        var cap = Money.Zero(c.Refunded.Currency);
        foreach (var line in c.Lines) cap += line.Line.UnitPrice * line.Resolvable;
        if (c.Order.ShippingCharge is { } shipping && shipping.Currency == cap.Currency) cap += shipping;
        return cap;
    }

    private async ValueTask<ReturnResult> CompleteAsync(ReturnCase c, PendingResolution pending, string reference, string actor, CancellationToken cancellationToken)
    {
        var kind = pending.Resolution.Kind;
        var cause = kind switch
        {
            ResolutionKind.Exchange => $"exchange order {reference} placed",
            ResolutionKind.StoreCredit => $"store credit of {pending.Amount} issued {reference}".TrimEnd(),
            _ => $"refund of {pending.Amount} paid {reference}".TrimEnd(),
        };
        if (Fire(c, ReturnTrigger.CompleteResolution, c.Facts(Now), actor, cause) is { } refused) return await refused.ConfigureAwait(false);
        c.Refunded += pending.Amount;
        c.ConfirmedReference = reference;
        c.Submitted = null;
        c.LastError = "";
        var amount = ("amount", pending.Amount.ToString());
        switch (kind)
        {
            case ResolutionKind.Exchange: Notify(c, NotificationTopics.ExchangePlaced, ("order", reference)); break;
            case ResolutionKind.StoreCredit: Notify(c, NotificationTopics.StoreCreditIssued, amount); break;
            default: Notify(c, NotificationTopics.Refunded, amount); break;
        }
        if (kind != ResolutionKind.Exchange) ReleaseAdvanceHold(c);
        Fire(c, ReturnTrigger.Close, c.Facts(Now), "policy", "resolved");
        return await Applied(c, cause, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ReturnResult> FailResolutionAsync(ReturnCase c, string actor, string why, bool newAttempt, CancellationToken cancellationToken)
    {
        if (Fire(c, ReturnTrigger.FailResolution, c.Facts(Now), actor, why) is { } refused) return await refused.ConfigureAwait(false);
        c.Submitted = null;
        c.LastError = why;
        // A definite refusal opens a new attempt (new key); an unknown outcome retries the same key, so the gateway
        // cannot pay twice.
        if (newAttempt) c.ResolutionAttempt++;
        await RunEffectsAsync(c, cancellationToken).ConfigureAwait(false);
        return Result(ReturnOutcome.AdapterFailed, c, why);
    }

    // ------------------------------------------------------------------ side effects

    private void Restock(ReturnCase c, CaseLine line)
    {
        var units = line.Count(InspectionOutcome.Resellable);
        var command = new RestockCommand(
            $"{c.Id}:restock:{line.Line.LineId}", new StockLine(c.ReceivedAt!.Value, line.Line.Sku, units), $"return {c.Rma}: resellable");
        c.Effects.Add(new PendingEffect($"restock {units} x {line.Line.Sku} at {c.ReceivedAt}", _ =>
        {
            var outcome = _stock.Restock(command);
            if (!outcome.IsAccepted) return ValueTask.FromResult<string?>($"{outcome.Status} {outcome.Message}".TrimEnd());
            line.Restocked += units;
            return ValueTask.FromResult<string?>(null);
        }));
    }

    private void ReleaseAdvanceHold(ReturnCase c)
    {
        if (c.AdvanceHold is not { } hold) return;
        c.AdvanceHold = null;
        c.Effects.Add(new PendingEffect($"release advance exchange hold {hold}", _ =>
        {
            var outcome = _stock.Release(new ReleaseCommand(hold.Value + ":release", hold));
            return ValueTask.FromResult<string?>(
                outcome.IsAccepted || outcome.Status is LedgerStatus.AlreadyResolved or LedgerStatus.Expired or LedgerStatus.UnknownHold
                    ? null
                    : $"{outcome.Status} {outcome.Message}".TrimEnd());
        }));
    }

    private void Notify(ReturnCase c, string topic, params (string Key, string Value)[] data)
    {
        var notification = new CustomerNotification(
            $"{c.Id}:{topic}:{c.History.Count}", c.Order.Id, c.Order.Channel, topic, Now, c.Order.CustomerContact,
            data.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal));
        c.Effects.Add(new PendingEffect($"notify customer: {topic}", async ct =>
        {
            await _notifications.SendAsync(notification, ct).ConfigureAwait(false);
            return null;
        }));
    }

    /// <summary>Runs the pending side effects in order; a failed one stays pending (nothing is lost) and the rest still run.</summary>
    private async Task RunEffectsAsync(ReturnCase c, CancellationToken cancellationToken)
    {
        foreach (var effect in c.Effects.ToArray())
        {
            string? error;
            try
            {
                error = await effect.Run(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception failure) when (!IsCancellation(failure, cancellationToken))
            {
                error = failure.Message;
            }
            if (error is null) c.Effects.Remove(effect);
            else c.LastError = $"{effect.Description}: {error}";
        }
    }

    private async ValueTask<ReturnResult> Applied(ReturnCase c, string message, CancellationToken cancellationToken)
    {
        await RunEffectsAsync(c, cancellationToken).ConfigureAwait(false);
        return Result(ReturnOutcome.Applied, c, message);
    }

    // ------------------------------------------------------------------ plumbing

    /// <summary>Fires a trigger; a transition is published when the command ends. Null when it moved; otherwise the result to return.</summary>
    private ValueTask<ReturnResult>? Fire(ReturnCase c, ReturnTrigger trigger, in ReturnFacts facts, string actor, string cause, string? ignoredMessage = null)
    {
        var decision = c.Fire(trigger, in facts, actor ?? "", cause ?? "", out var transition);
        switch (decision.Kind)
        {
            case TransitionDecisionKind.Move:
                c.Unpublished.Add(transition!);
                return null;
            case TransitionDecisionKind.Ignore:
                return new ValueTask<ReturnResult>(Result(ReturnOutcome.Ignored, c, ignoredMessage ?? $"{trigger} changes nothing in state {c.State}"));
            default:
                return new ValueTask<ReturnResult>(Result(ReturnOutcome.Refused, c, decision.Error!));
        }
    }

    /// <summary>
    /// Ends a command on a return (under its gate): publishes the snapshot <see cref="Find"/> reads, then the command's
    /// transitions in order. The return is consistent before any subscriber runs, so a subscriber that throws cannot
    /// leave it half-changed; its exception reaches the caller after every transition was offered to the stream.
    /// </summary>
    private void Settle(ReturnCase c)
    {
        c.Snapshot = Snapshot(c);
        if (c.Unpublished.Count == 0) return;
        var transitions = c.Unpublished.ToArray();
        c.Unpublished.Clear();
        List<Exception>? failures = null;
        foreach (var transition in transitions)
        {
            try
            {
                lock (_emitLock)
                {
                    if (!_disposed) _events.OnNext(transition);
                }
            }
            catch (Exception failure)
            {
                (failures ??= []).Add(failure);
            }
        }
        if (failures is not null) throw new AggregateException("A subscriber of ReturnsService.Events threw.", failures);
    }

    private static ReturnResult Result(ReturnOutcome outcome, ReturnCase c, string message) => new(outcome, c.Id, c.State, message);

    private async ValueTask<ReturnResult> WithReturnAsync(ReturnId id, CancellationToken cancellationToken, Func<ReturnCase, ValueTask<ReturnResult>> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_returns.TryGetValue(id, out var c)) return new ReturnResult(ReturnOutcome.NotFound, id, default, $"no return {id}");
        await c.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action(c).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Settle(c);
            }
            finally
            {
                c.Gate.Release();
            }
        }
    }

    private ValueTask<ReturnResult> WithCallbackAsync(ReturnId id, string key, CancellationToken cancellationToken, Func<ReturnCase, ValueTask<ReturnResult>> action) =>
        WithReturnAsync(id, cancellationToken, async c =>
        {
            if (key.EndsWith(':')) return Result(ReturnOutcome.Refused, c, "IdempotencyKey: must not be empty");
            if (c.Callbacks.TryGetValue(key, out var first))
                return first with { Outcome = ReturnOutcome.Duplicate, State = c.State, Message = $"duplicate of an earlier callback ({first.Outcome}: {first.Message})" };
            var result = await action(c).ConfigureAwait(false);
            c.Callbacks[key] = result;
            return result;
        });

    private static bool IsCancellation(Exception error, CancellationToken cancellationToken) =>
        error is OperationCanceledException && cancellationToken.IsCancellationRequested;

    // ------------------------------------------------------------------ checks and claims

    private string? Check(ReturnOpening request)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey)) return "IdempotencyKey: must not be empty";
        if (request.Order is null) return "Order: is required";
        if (request.Order.Validate() is { Count: > 0 } problems) return "Order: " + string.Join("; ", problems);
        if (request.Lines is null || request.Lines.Count == 0) return "Lines: at least one line is required";
        if (request.ReasonCode is null) return "ReasonCode: is required";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var returned = request.Lines[i];
            if (returned is null) return $"Lines[{i}]: is required";
            var line = request.Order.Lines.FirstOrDefault(l => l.LineId == returned.LineId);
            if (line is null) return $"Lines[{i}].LineId: order {request.Order.Id} has no line \"{returned.LineId}\"";
            if (!seen.Add(returned.LineId)) return $"Lines[{i}].LineId: \"{returned.LineId}\" appears twice";
            if (returned.Quantity < 1) return $"Lines[{i}].Quantity: must be at least 1, was {returned.Quantity}";
            var claimed = _claimed.GetValueOrDefault((request.Order.Id, line.LineId));
            if (returned.Quantity + claimed > line.Quantity)
                return $"Lines[{i}].Quantity: {returned.Quantity} unit(s) of line {line.LineId} exceed the {line.Quantity} ordered ({claimed} already under return)";
        }
        return null;
    }

    private void Claim(ReturnCase c, CaseLine line, int units)
    {
        var key = (c.Order.Id, line.Line.LineId);
        _claimed[key] = _claimed.GetValueOrDefault(key) + units;
    }

    /// <summary>A return that ends before anything was received gives its units back to the order (they may be returned again).</summary>
    private void Unclaim(ReturnCase c)
    {
        lock (_openLock)
            foreach (var line in c.Lines) Claim(c, line, -line.Requested);
    }

    private static string? CheckReceipt(ReturnCase c, WarehouseReceipt receipt, out int units)
    {
        units = 0;
        if (receipt.Location.Value is null) return "Location: is required";
        if (c.ReceivedAt is { } at && at != receipt.Location)
            return $"Location: return {c.Id} is being received at {at}, not {receipt.Location}";
        if (receipt.Lines is null || receipt.Lines.Count == 0) return "Lines: at least one line is required";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < receipt.Lines.Count; i++)
        {
            var received = receipt.Lines[i];
            var line = received is null ? null : c.Lines.FirstOrDefault(l => l.Line.LineId == received.LineId);
            if (received is null || line is null) return $"Lines[{i}].LineId: return {c.Id} has no line \"{received?.LineId}\"";
            if (!seen.Add(received.LineId)) return $"Lines[{i}].LineId: \"{received.LineId}\" appears twice";
            if (received.Quantity < 1) return $"Lines[{i}].Quantity: must be at least 1, was {received.Quantity}";
            if (line.Received + received.Quantity > line.Requested)
                return $"Lines[{i}].Quantity: {received.Quantity} unit(s) of line {line.Line.LineId} exceed the {line.Requested - line.Received} outstanding";
            units += received.Quantity;
        }
        return null;
    }

    private static string? CheckInspection(ReturnCase c, IReadOnlyList<LineInspection> inspections)
    {
        var inspected = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < inspections.Count; i++)
        {
            var entry = inspections[i];
            if (entry is null) return $"inspections[{i}]: is required";
            if (c.Lines.All(l => l.Line.LineId != entry.LineId)) return $"inspections[{i}].LineId: return {c.Id} has no line \"{entry.LineId}\"";
            if (!Enum.IsDefined(entry.Outcome)) return $"inspections[{i}].Outcome: is not an InspectionOutcome, was {entry.Outcome}";
            if (entry.Quantity < 1) return $"inspections[{i}].Quantity: must be at least 1, was {entry.Quantity}";
            inspected[entry.LineId] = inspected.GetValueOrDefault(entry.LineId) + entry.Quantity;
        }
        foreach (var line in c.Lines)
        {
            var units = inspected.GetValueOrDefault(line.Line.LineId);
            if (units != line.Received)
                return $"inspections: line {line.Line.LineId} has {line.Received} unit(s) received and {units} inspected; inspect each received unit once";
        }
        return null;
    }

    private static string? CheckExchange(ReturnCase c, ReturnResolution resolution)
    {
        if (resolution.Kind != ResolutionKind.Exchange) return null;
        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < resolution.ExchangeLines.Count; i++)
        {
            var exchange = resolution.ExchangeLines[i];
            var line = exchange is null ? null : c.Lines.FirstOrDefault(l => l.Line.LineId == exchange.ReturnedLineId);
            if (exchange is null || line is null) return $"ExchangeLines[{i}].ReturnedLineId: return {c.Id} has no line \"{exchange?.ReturnedLineId}\"";
            if (exchange.Replacement.Value is null) return $"ExchangeLines[{i}].Replacement: is required";
            if (exchange.Quantity < 1) return $"ExchangeLines[{i}].Quantity: must be at least 1, was {exchange.Quantity}";
            units[line.Line.LineId] = units.GetValueOrDefault(line.Line.LineId) + exchange.Quantity;
            if (units[line.Line.LineId] > line.Resolvable)
                return $"ExchangeLines[{i}].Quantity: line {line.Line.LineId} has {line.Resolvable} unit(s) that qualify, {units[line.Line.LineId]} exchanged";
        }
        return null;
    }
}
