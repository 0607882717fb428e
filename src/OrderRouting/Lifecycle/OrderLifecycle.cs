using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Reactive.Subjects;
using System.Runtime.CompilerServices;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Events;
using OrderRouting.Hosting;
using OrderRouting.Orders;
using OrderRouting.Ports;
using OrderRouting.Routing;

namespace OrderRouting.Lifecycle;

/// <summary>
/// The order lifecycle: takes orders from every channel, routes and reserves them, releases them to the locations'
/// fulfilment providers, applies their confirmations, and handles cancellations, address corrections, backorders and
/// exceptions. Every change is stored through <see cref="IOrderStore"/> before it is acknowledged and published on
/// <see cref="Events"/>.
/// </summary>
/// <remarks>
/// Thread-safe: commands are serialised by one lock and may come from many threads; calls to host adapters
/// (fulfilment, notifications, returns) happen outside the lock, through a per-order outbox that is retried until the
/// adapter accepts (at-least-once, with stable keys). Subscribers to <see cref="Events"/> run on the calling thread
/// while the lock is held: they must be quick and must not block. No wall-clock reads: time comes from the
/// <see cref="IClock"/>.
/// </remarks>
public sealed class OrderLifecycle : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Subject<OrderEvent> _events = new();
    private readonly IStockReservations _ledger;
    private readonly IShipmentPlanner _planner;
    private readonly IClock _clock;
    private readonly IOrderStore _store;
    private readonly OrderLifecycleOptions _options;
    private readonly Dictionary<LocationId, IFulfilmentProvider> _providers = new();
    private readonly ISalesChannel[] _channels;
    private readonly INotificationSink? _notifications;
    private readonly IReturnsPort? _returns;
    private readonly ICarrierGateway? _carrier;
    private readonly IExceptionPolicy[] _policies;
    private readonly DefaultExceptionPolicy _fallbackPolicy = new();
    private readonly LifecycleMetrics _metrics;
    private readonly SortedSet<(Instant PlacedAt, OrderId Id)> _awaitingStock = new(AwaitingOrder.Instance);
    private readonly Queue<StockArrived> _arrivals = new();
    private readonly HashSet<(string Kind, string Key)> _inFlight = new(); // outbox items being delivered by some thread
    private readonly IDisposable _arrivalSubscription;
    private readonly DailyCapacityCounter _capacity = new();
    private bool _disposed;

    /// <summary>Creates the lifecycle and picks up every unsettled order in <paramref name="store"/> (after a restart).</summary>
    /// <param name="ledger">The stock ledger (holds, commits, releases, arrivals).</param>
    /// <param name="planner">The live routing planner.</param>
    /// <param name="clock">The clock for every timestamp.</param>
    /// <param name="providers">The fulfilment providers; each location must have at most one.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="store">Where orders are kept; null for a new <see cref="InMemoryOrderStore"/>.</param>
    /// <param name="notifications">Where customer notifications go; null to make none.</param>
    /// <param name="returns">Where returns are opened (cancellation after dispatch); null to refuse those.</param>
    /// <param name="policies">Exception policies, asked in order before <see cref="DefaultExceptionPolicy"/>.</param>
    /// <param name="channels">Sales channels polled by <see cref="PollChannelsAsync"/>.</param>
    /// <param name="meterFactory">Creates the <c>OrderRouting.Lifecycle</c> meter; null for a meter of its own.</param>
    /// <param name="carrier">Buys shipping labels for the locations in <see cref="OrderLifecycleOptions.ShipFrom"/>; null for none.</param>
    /// <exception cref="OrderRoutingConfigurationException">The options are invalid, or two providers claim one location, or two channels share an id.</exception>
    public OrderLifecycle(
        IStockReservations ledger, IShipmentPlanner planner, IClock clock, IEnumerable<IFulfilmentProvider> providers,
        OrderLifecycleOptions? options = null, IOrderStore? store = null, INotificationSink? notifications = null,
        IReturnsPort? returns = null, IEnumerable<IExceptionPolicy>? policies = null, IEnumerable<ISalesChannel>? channels = null,
        IMeterFactory? meterFactory = null, ICarrierGateway? carrier = null)
    {
        _ledger = Guard.NotNull(ledger);
        _planner = Guard.NotNull(planner);
        _clock = Guard.NotNull(clock);
        _options = options ?? new OrderLifecycleOptions();
        _store = store ?? new InMemoryOrderStore();
        _notifications = notifications;
        _returns = returns;
        _carrier = carrier;
        _policies = policies?.ToArray() ?? [];
        _channels = channels?.OrderBy(c => c.Channel).ToArray() ?? [];

        var problems = new List<string>(_options.Validate());
        foreach (var provider in Guard.NotNull(providers))
        foreach (var location in provider.Locations)
            if (!_providers.TryAdd(location, provider))
                problems.Add($"Lifecycle.FulfilmentProviders: location {location} has two providers ({_providers[location].GetType().Name} and {provider.GetType().Name})");
        foreach (var duplicate in _channels.GroupBy(c => c.Channel).Where(g => g.Count() > 1))
            problems.Add($"Lifecycle.Channels: channel {duplicate.Key} is registered {duplicate.Count()} times");
        if (problems.Count > 0) throw new OrderRoutingConfigurationException(problems);

        _metrics = new LifecycleMetrics(meterFactory);
        foreach (var order in _store.Unsettled())
        {
            if (order.AwaitingStock) _awaitingStock.Add((order.Order.PlacedAt, order.Id));
            foreach (var s in order.Shipments)
                if (UsesCapacity(s)) _capacity.Record(s.Location, s.IntakeDate!.Value);
        }
        _arrivalSubscription = _ledger.Arrivals.Subscribe(OnArrival);
    }

    /// <summary>Every order event, in the order it happened. Completes when the lifecycle is disposed. Never null.</summary>
    public IObservable<OrderEvent> Events => _events;

    /// <summary>The name of the meter the lifecycle's metrics are on.</summary>
    public static string MeterName => LifecycleMetrics.MeterName;

    /// <summary>
    /// Shipments taken per location and local day, for daily capacity: every shipment the lifecycle reserved counts
    /// on its <see cref="TrackedShipment.IntakeDate"/>; one cancelled or rejected before it was picked gives its slot
    /// back. Rebuilt from the store's unsettled orders when the lifecycle starts.
    /// </summary>
    public ICapacityView Capacity => _capacity;

    /// <summary>The order as the lifecycle knows it now, or null.</summary>
    public TrackedOrder? Find(OrderId id) => _store.Find(id);

    /// <summary>
    /// Takes an order in: validates it, deduplicates it by (channel, external id), stores it (the acknowledgement),
    /// then routes and, unless <see cref="OrderLifecycleOptions.ReleaseOnRouting"/> is off, releases it.
    /// </summary>
    /// <returns><see cref="LifecycleStatus.Accepted"/>; <see cref="LifecycleStatus.Duplicate"/> (with the original order's id)
    /// for an order seen before; <see cref="LifecycleStatus.Invalid"/> naming every problem.</returns>
    public async ValueTask<LifecycleResult> IngestAsync(Order order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        LifecycleResult result;
        lock (_gate)
        {
            result = Ingest(order);
        }
        if (result.IsAccepted) await DeliverAsync(result.Order, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Receives from every registered sales channel (in channel-id order) and ingests what they return.</summary>
    /// <returns>One result per order received.</returns>
    public async ValueTask<IReadOnlyList<LifecycleResult>> PollChannelsAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<LifecycleResult>();
        foreach (var channel in _channels)
        {
            foreach (var order in await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false))
            {
                results.Add(order.Channel == channel.Channel
                    ? await IngestAsync(order, cancellationToken).ConfigureAwait(false)
                    : new LifecycleResult(LifecycleStatus.Invalid, order.Id, OrderState.Received,
                        $"channel {channel.Channel} returned order {order.Id} of channel {order.Channel}"));
            }
        }
        return results;
    }

    /// <summary>Releases a routed order to fulfilment (when <see cref="OrderLifecycleOptions.ReleaseOnRouting"/> is off).</summary>
    public ValueTask<LifecycleResult> ReleaseAsync(OrderId order, CancellationToken cancellationToken = default) =>
        RunAsync(order, cancellationToken, (ref TrackedOrder o) =>
        {
            if (o.ReleaseRequested) return Result(LifecycleStatus.Duplicate, o, "already released");
            if (o.State != OrderState.Routed) return Result(LifecycleStatus.Refused, o, OrderStateMachine.Refusal(o.State, OrderTrigger.Release));
            o = o with { ReleaseRequested = true };
            return null;
        });

    /// <summary>
    /// Applies a fulfilment provider's confirmation. A repeat changes nothing (<see cref="LifecycleStatus.Duplicate"/>);
    /// a confirmation that arrives before the one it follows waits for it; a repeat with other content is a
    /// <see cref="LifecycleStatus.Conflict"/>.
    /// </summary>
    public async ValueTask<LifecycleResult> ConfirmAsync(FulfilmentConfirmation confirmation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        var slash = confirmation.Shipment?.LastIndexOf('/') ?? -1;
        if (slash <= 0) return new LifecycleResult(LifecycleStatus.NotFound, default, OrderState.Received, $"no shipment \"{confirmation.Shipment}\"");
        var order = OrderId.Of(confirmation.Shipment![..slash]);
        return await RunAsync(order, cancellationToken, confirmation,
            static (OrderLifecycle self, ref TrackedOrder o, FulfilmentConfirmation c) => self.Confirm(ref o, c)).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels the whole order (<paramref name="lines"/> null) or some units of some lines. Units not yet dispatched are
    /// cancelled and their holds released; units already dispatched become a return through <see cref="IReturnsPort"/>.
    /// </summary>
    /// <returns><see cref="LifecycleStatus.Invalid"/> for an unknown line or more units than ordered;
    /// <see cref="LifecycleStatus.Refused"/> when a return is needed and no returns port is registered;
    /// <see cref="LifecycleStatus.Duplicate"/> when nothing is left to cancel.</returns>
    public ValueTask<LifecycleResult> CancelAsync(OrderId order, IReadOnlyList<LineUnits>? lines = null, string reasonCode = "cancelled", CancellationToken cancellationToken = default) =>
        RunAsync(order, cancellationToken, (ref TrackedOrder o) => Cancel(ref o, lines, reasonCode, "cancelled-after-dispatch"));

    /// <summary>Opens a return for dispatched units (the customer sends them back) through <see cref="IReturnsPort"/>.</summary>
    /// <returns><see cref="LifecycleStatus.Invalid"/> when more units are named than were dispatched.</returns>
    public ValueTask<LifecycleResult> RequestReturnAsync(OrderId order, IReadOnlyList<LineUnits> lines, string reasonCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return RunAsync(order, cancellationToken, (ref TrackedOrder o) => Return(ref o, lines, reasonCode));
    }

    /// <summary>
    /// Corrects the ship-to address before release. A change of country, postal code or position re-routes the order
    /// (the best location may change); a change of the street lines alone does not.
    /// </summary>
    /// <returns><see cref="LifecycleStatus.Refused"/> once the order was released to fulfilment.</returns>
    public ValueTask<LifecycleResult> CorrectAddressAsync(OrderId order, Address shipTo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shipTo);
        return RunAsync(order, cancellationToken, (ref TrackedOrder o) => CorrectAddress(ref o, shipTo));
    }

    /// <summary>Puts the order on hold (nothing moves until <see cref="ResumeAsync"/>); its holds are kept.</summary>
    public ValueTask<LifecycleResult> HoldAsync(OrderId order, CancellationToken cancellationToken = default) =>
        RunAsync(order, cancellationToken, (ref TrackedOrder o) => Fire(ref o, OrderTrigger.Hold) ? null : Refusal(o, OrderTrigger.Hold));

    /// <summary>Lifts a hold: the order is routed again if it needs stock, and released if due.</summary>
    public ValueTask<LifecycleResult> ResumeAsync(OrderId order, CancellationToken cancellationToken = default) =>
        RunAsync(order, cancellationToken, (ref TrackedOrder o) =>
        {
            if (!Fire(ref o, OrderTrigger.Resume)) return Refusal(o, OrderTrigger.Resume);
            Route(ref o, []);
            return null;
        });

    /// <summary>An operator's answer to an escalated exception: route the order again.</summary>
    public ValueTask<LifecycleResult> RetryAsync(OrderId order, CancellationToken cancellationToken = default) =>
        RunAsync(order, cancellationToken, (ref TrackedOrder o) =>
        {
            if (!Fire(ref o, OrderTrigger.Reroute)) return Refusal(o, OrderTrigger.Reroute);
            Route(ref o, []);
            return null;
        });

    /// <summary>
    /// Finds the routed orders whose ledger holds expired before they were released (an order waiting for an operator's
    /// release longer than <see cref="OrderLifecycleOptions.HoldTimeToLive"/>) and handles each at once: the shipment is
    /// flagged <see cref="ExceptionCause.HoldExpired"/> and the exception policy re-routes the units (a new hold) or
    /// escalates. Call it on a schedule (the sample host shows where, hourly); without it, an expired hold is noticed
    /// when the order is released. Only routed orders are checked: released ones commit their holds at dispatch, and
    /// an order on hold is checked when it is released after resuming.
    /// </summary>
    /// <returns>How many orders had an expired hold.</returns>
    /// <remarks>Scans the store's unsettled orders: O(unsettled orders) per call.</remarks>
    public async ValueTask<int> ExpireHoldsAsync(CancellationToken cancellationToken = default)
    {
        OrderId[] due;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _clock.GetCurrentInstant();
            due = _store.Unsettled().Where(o => HasOverdueHold(o, now)).Select(o => o.Id).Order().ToArray();
        }
        var expired = 0;
        foreach (var id in due)
        {
            await RunAsync(id, cancellationToken, (ref TrackedOrder o) =>
            {
                if (!HasOverdueHold(o, _clock.GetCurrentInstant())) return null; // released or cancelled meanwhile
                ExpireOverdueHolds(ref o);
                expired++;
                return null;
            }).ConfigureAwait(false);
        }
        return expired;
    }

    /// <summary>
    /// Delivers every outbox (instructions, provider cancellations, returns, notifications) still pending, e.g. after
    /// an adapter failed or after a restart. Orders are visited in id order.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        OrderId[] pending;
        lock (_gate)
        {
            pending = _store.Unsettled().Where(HasOutbox).Select(o => o.Id).Order().ToArray();
        }
        foreach (var id in pending) await DeliverAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes <see cref="Events"/> and stops listening to stock arrivals. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _arrivalSubscription.Dispose();
        _events.OnCompleted();
        _events.Dispose();
        _metrics.Dispose();
    }

    // ---- commands (all under the lock) ---------------------------------------------------------------------------

    private delegate LifecycleResult? Command(ref TrackedOrder order);

    /// <summary>A command that takes its argument as state rather than in a closure (for the hot ones: no allocation).</summary>
    private delegate LifecycleResult? Command<TState>(OrderLifecycle lifecycle, ref TrackedOrder order, TState state);

    private ValueTask<LifecycleResult> RunAsync(OrderId id, CancellationToken cancellationToken, Command command) =>
        RunAsync(id, cancellationToken, command, static (OrderLifecycle _, ref TrackedOrder o, Command c) => c(ref o));

    private async ValueTask<LifecycleResult> RunAsync<TState>(OrderId id, CancellationToken cancellationToken, TState state, Command<TState> command)
    {
        LifecycleResult result;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stored = _store.Find(id);
            if (stored is null) return new LifecycleResult(LifecycleStatus.NotFound, id, OrderState.Received, $"no order {id}");
            var order = stored;
            var refused = command(this, ref order, state);
            if (refused is not null && !ReferenceEquals(order, stored))
                throw new InvalidOperationException("a refused command must not change the order"); // a bug, never input
            if (refused is not null) return refused;
            Settle(ref order);
            Save(stored, order);
            result = Result(LifecycleStatus.Accepted, order);
            DrainArrivals(); // only a ledger call of this command could have queued one (the lifecycle never receives stock); FlushAsync delivers those orders
        }
        await DeliverAsync(id, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private LifecycleResult Ingest(Order order)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var problems = order.Validate();
        if (problems.Count > 0) return new LifecycleResult(LifecycleStatus.Invalid, order.Id, OrderState.Received, string.Join("; ", problems));
        var fresh = new TrackedOrder { Order = order, State = OrderState.Received, ReceivedAt = _clock.GetCurrentInstant(), Version = 1 };
        var stored = _store.AddIfAbsent(fresh);
        if (!ReferenceEquals(stored, fresh))
        {
            return stored.Order.Channel == order.Channel && stored.Order.ExternalId == order.ExternalId
                ? Result(LifecycleStatus.Duplicate, stored, $"order {order.Channel}:{order.ExternalId} was received before as {stored.Id}")
                : new LifecycleResult(LifecycleStatus.Invalid, order.Id, OrderState.Received,
                    $"Id: {order.Id} is already used by order {stored.Order.Channel}:{stored.Order.ExternalId}");
        }
        Publish(new OrderReceived(order.Id, fresh.ReceivedAt, order));
        var routed = fresh;
        Route(ref routed, []);
        Settle(ref routed);
        Save(fresh, routed);
        DrainArrivals();
        return Result(LifecycleStatus.Accepted, routed);
    }

    private LifecycleResult? Confirm(ref TrackedOrder o, FulfilmentConfirmation c)
    {
        var index = IndexOf(o, c.Shipment);
        if (index < 0) return Result(LifecycleStatus.NotFound, o, $"order {o.Id} has no shipment {c.Shipment}");
        var shipment = o.Shipments[index];
        var outcome = Apply(ref o, index, c);
        if (outcome is null && !ReferenceEquals(shipment, o.Shipments[index])) ApplyParked(ref o, index);
        return outcome;
    }

    /// <summary>Applies one confirmation to one shipment; null when applied (or parked), a result when nothing changed.</summary>
    private LifecycleResult? Apply(ref TrackedOrder o, int index, FulfilmentConfirmation c)
    {
        var s = o.Shipments[index];
        switch (c)
        {
            case PickedConfirmation picked:
                if (s.Status is ShipmentStatus.Picked || s.HasLeft) return Result(LifecycleStatus.Duplicate, o, $"shipment {s.Id} is already {s.Status}");
                if (!s.IsLive) return Result(LifecycleStatus.Refused, o, $"shipment {s.Id} is {s.Status}");
                if (s.Status == ShipmentStatus.Reserved) return Result(LifecycleStatus.Refused, o, $"shipment {s.Id} was not released");
                return Pick(ref o, index, picked);

            case DispatchedConfirmation dispatched:
                if (s.HasLeft)
                {
                    return s.Carrier == dispatched.Carrier && s.TrackingNumber == dispatched.TrackingNumber
                        ? Result(LifecycleStatus.Duplicate, o, $"shipment {s.Id} is already {s.Status}")
                        : Result(LifecycleStatus.Conflict, o, $"shipment {s.Id} was dispatched with {s.Carrier} {s.TrackingNumber}, not {dispatched.Carrier} {dispatched.TrackingNumber}");
                }
                if (!s.IsLive)
                {
                    if (o.OpenException?.Cause == ExceptionCause.LedgerRefused) return Result(LifecycleStatus.Duplicate, o, $"shipment {s.Id} is {s.Status}");
                    FlagException(ref o, ExceptionCause.LedgerRefused, $"shipment {s.Id} at {s.Location} was dispatched ({dispatched.Carrier} {dispatched.TrackingNumber}) after it was {s.Status}", s.Location, blocksOrder: false);
                    return null;
                }
                if (s.Status == ShipmentStatus.Reserved) return Result(LifecycleStatus.Refused, o, $"shipment {s.Id} was not released");
                Dispatch(ref o, index, dispatched);
                return null;

            case OutForDeliveryConfirmation:
                if (s.Status is ShipmentStatus.OutForDelivery or ShipmentStatus.Delivered) return Result(LifecycleStatus.Duplicate, o, $"shipment {s.Id} is already {s.Status}");
                if (s.Status != ShipmentStatus.Dispatched) return Park(ref o, index, c);
                o = Replace(o, index, s with { Status = ShipmentStatus.OutForDelivery });
                Notify(ref o, NotificationTopics.OutForDelivery, $"{s.Id}:out-for-delivery", c.At, Tracking(s));
                return null;

            case DeliveredConfirmation:
                if (s.Status == ShipmentStatus.Delivered) return Result(LifecycleStatus.Duplicate, o, $"shipment {s.Id} is already delivered");
                if (!s.HasLeft) return Park(ref o, index, c);
                o = Replace(o, index, s with { Status = ShipmentStatus.Delivered, DeliveredAt = c.At });
                bool? onTime = s.ExpectedDeliveryBy is { } by ? c.At <= by : null;
                Publish(new ShipmentDelivered(o.Id, c.At, s.Id, s.Carrier, onTime));
                Notify(ref o, NotificationTopics.Delivered, $"{s.Id}:delivered", c.At, Tracking(s));
                return null;

            default:
                return Result(LifecycleStatus.Invalid, o, $"unknown confirmation {c.GetType().Name}");
        }
    }

    private LifecycleResult? Park(ref TrackedOrder o, int index, FulfilmentConfirmation c)
    {
        var s = o.Shipments[index];
        if (!s.IsLive) return Result(LifecycleStatus.Refused, o, $"shipment {s.Id} is {s.Status}");
        if (s.Parked.Any(p => p.GetType() == c.GetType())) return Result(LifecycleStatus.Duplicate, o, $"a {c.GetType().Name} for {s.Id} is already waiting");
        o = Replace(o, index, s with { Parked = [.. s.Parked, c] });
        return null;
    }

    private void ApplyParked(ref TrackedOrder o, int index)
    {
        if (o.Shipments[index].Parked.Count == 0) return; // the usual case: nothing waits
        // Out for delivery before delivered: apply in the order the steps happen, each once.
        foreach (var kind in (Type[])[typeof(OutForDeliveryConfirmation), typeof(DeliveredConfirmation)])
        {
            var s = o.Shipments[index];
            var parked = s.Parked.FirstOrDefault(p => p.GetType() == kind);
            if (parked is null || !s.HasLeft) continue;
            o = Replace(o, index, s with { Parked = s.Parked.Where(p => !ReferenceEquals(p, parked)).ToArray() });
            Apply(ref o, index, parked);
        }
    }

    private LifecycleResult? Pick(ref TrackedOrder o, int index, PickedConfirmation picked)
    {
        var s = o.Shipments[index];
        var kept = new List<FulfilmentLine>();
        var missing = new List<FulfilmentLine>();
        foreach (var line in s.Lines)
        {
            var units = 0;
            foreach (var p in picked.Picked) if (p.LineId == line.LineId) units += p.Quantity;
            if (units > line.Quantity) return Result(LifecycleStatus.Invalid, o, $"shipment {s.Id}: line {line.LineId} picked {units} of {line.Quantity}");
            if (units > 0) kept.Add(line with { Quantity = units });
            if (units < line.Quantity) missing.Add(line with { Quantity = line.Quantity - units });
        }
        foreach (var p in picked.Picked)
            if (s.UnitsOf(p.LineId) == 0) return Result(LifecycleStatus.Invalid, o, $"shipment {s.Id} has no line {p.LineId}");

        if (missing.Count > 0) ReleaseUnits(ref o, index, missing);
        s = o.Shipments[index];
        o = Replace(o, index, kept.Count == 0 ? s with { Status = ShipmentStatus.Cancelled, Lines = [] } : s with { Status = ShipmentStatus.Picked, Lines = kept });
        Publish(new ShipmentPicked(o.Id, picked.At, s.Id, s.Location, missing));
        if (o.State == OrderState.Released) Fire(ref o, OrderTrigger.Pick);
        if (missing.Count > 0) Route(ref o, [s.Location]);
        return null;
    }

    private void Dispatch(ref TrackedOrder o, int index, DispatchedConfirmation d)
    {
        var s = o.Shipments[index];
        var outcome = _ledger.Commit(new CommitCommand($"{s.Id}:commit", HoldId.Of(s.Id), ToStock(s.Location, s.Lines)));
        s = s with { Status = ShipmentStatus.Dispatched, Carrier = d.Carrier, TrackingNumber = d.TrackingNumber, DispatchedAt = d.At, ExpectedDeliveryBy = d.ExpectedDeliveryBy };
        o = Replace(o, index, s);
        Publish(new ShipmentDispatched(o.Id, d.At, s.Id, s.Location, s.Lines, d.Carrier, d.TrackingNumber, s.ShippingCost, o.Order.PlacedAt));
        Notify(ref o, NotificationTopics.Dispatched, $"{s.Id}:dispatched", d.At, Tracking(s));
        if (!outcome.IsAccepted)
            FlagException(ref o, ExceptionCause.LedgerRefused, $"commit of shipment {s.Id} at {s.Location} refused: {outcome.Status} {outcome.Message}", s.Location, blocksOrder: false);
    }

    private LifecycleResult? Cancel(ref TrackedOrder o, IReadOnlyList<LineUnits>? lines, string reasonCode, string returnReason)
    {
        var current = o;
        var requested = lines ?? o.Order.Lines
            .Select(l => new LineUnits(l.LineId, l.Quantity - current.CancelledUnits.GetValueOrDefault(l.LineId) - ReturnedUnits(current, l.LineId)))
            .Where(l => l.Quantity > 0).ToArray();
        var cancel = new List<FulfilmentLine>();
        var toReturn = new List<LineUnits>();
        foreach (var group in requested.GroupBy(l => l.LineId))
        {
            var line = o.Order.Lines.FirstOrDefault(l => l.LineId == group.Key);
            if (line is null) return Result(LifecycleStatus.Invalid, o, $"order {o.Id} has no line {group.Key}");
            var units = group.Sum(g => g.Quantity);
            if (group.Any(g => g.Quantity < 0) || (lines is not null && group.Any(g => g.Quantity == 0)))
                return Result(LifecycleStatus.Invalid, o, $"line {group.Key}: quantity must be positive");
            var open = line.Quantity - o.CancelledUnits.GetValueOrDefault(line.LineId);
            var left = o.Shipments.Where(s => s.HasLeft).Sum(s => s.UnitsOf(line.LineId));
            var returned = ReturnedUnits(o, line.LineId);
            if (units > open - returned)
                return Result(LifecycleStatus.Invalid, o, $"line {line.LineId}: {units} units named, {open - returned} can still be cancelled or returned");
            var beforeDispatch = Math.Min(units, open - left);
            if (beforeDispatch > 0) cancel.Add(new FulfilmentLine(line.LineId, line.Sku, beforeDispatch));
            if (units > beforeDispatch) toReturn.Add(new LineUnits(line.LineId, units - beforeDispatch));
        }
        if (cancel.Count == 0 && toReturn.Count == 0) return Result(LifecycleStatus.Duplicate, o, "nothing left to cancel");
        if (toReturn.Count > 0 && _returns is null) return Result(LifecycleStatus.Refused, o, "units were already dispatched and no returns port is registered");
        if (cancel.Count > 0 && OrderStateMachine.IsTerminal(o.State)) return Result(LifecycleStatus.Refused, o, OrderStateMachine.Refusal(o.State, OrderTrigger.Cancel));

        if (cancel.Count > 0) CancelUnits(ref o, cancel, reasonCode);
        if (toReturn.Count > 0) OpenReturn(ref o, toReturn, returnReason);
        return null;
    }

    private LifecycleResult? Return(ref TrackedOrder o, IReadOnlyList<LineUnits> lines, string reasonCode)
    {
        if (_returns is null) return Result(LifecycleStatus.Refused, o, "no returns port is registered");
        if (lines.Count == 0) return Result(LifecycleStatus.Invalid, o, "name at least one line to return");
        foreach (var group in lines.GroupBy(l => l.LineId))
        {
            if (group.Any(g => g.Quantity <= 0)) return Result(LifecycleStatus.Invalid, o, $"line {group.Key}: quantity must be positive");
            var shipped = o.Shipments.Where(s => s.HasLeft).Sum(s => s.UnitsOf(group.Key));
            var returnable = shipped - ReturnedUnits(o, group.Key);
            if (group.Sum(g => g.Quantity) > returnable)
                return Result(LifecycleStatus.Invalid, o, $"line {group.Key}: {group.Sum(g => g.Quantity)} units named, {returnable} dispatched and not yet returned");
        }
        OpenReturn(ref o, lines, reasonCode);
        return null;
    }

    private LifecycleResult? CorrectAddress(ref TrackedOrder o, Address shipTo)
    {
        if (o.Shipments.Any(s => s.IsLive && s.Status != ShipmentStatus.Reserved) ||
            o.State is not (OrderState.Received or OrderState.Routed or OrderState.OnHold or OrderState.Exception))
            return Result(LifecycleStatus.Refused, o, $"the address can only be corrected before release; order {o.Id} is {o.State}");
        var old = o.Order.ShipTo;
        if (old.Equals(shipTo)) return Result(LifecycleStatus.Duplicate, o, "the address is unchanged");
        o = o with { Order = o.Order with { ShipTo = shipTo } };
        var moved = old.Country != shipTo.Country || old.PostalCode != shipTo.PostalCode || old.Position != shipTo.Position;
        var addressException = o.OpenException?.Cause == ExceptionCause.AddressRefused;
        if (!moved && !addressException) return null;

        for (var i = 0; i < o.Shipments.Count; i++)
            if (o.Shipments[i].Status == ShipmentStatus.Reserved) ReleaseShipment(ref o, i, ShipmentStatus.Cancelled);
        if (o.State is OrderState.Routed or OrderState.Exception) Fire(ref o, OrderTrigger.Reroute);
        if (o.State == OrderState.Received) Route(ref o, []);
        return null;
    }

    // ---- routing -------------------------------------------------------------------------------------------------

    /// <summary>Plans and reserves what the order still needs; flags what cannot be placed.</summary>
    private void Route(ref TrackedOrder o, IReadOnlyCollection<LocationId> excluded)
    {
        var needed = o.Unallocated();
        if (needed.Count == 0) return;
        var started = Stopwatch.GetTimestamp();
        var isFirst = o.ShipmentSequence == 0 && o.ExceptionCounts.Count == 0;
        var request = new PlanningRequest(o.Order, needed, _ledger, excluded, _capacity, _clock.GetCurrentInstant());
        var plan = Checked(_planner.Plan(request), request);
        if (isFirst && _options.ShadowPlanner is { } shadow)
            Publish(new ShadowRouted(o.Id, _clock.GetCurrentInstant(), plan, Checked(shadow.Plan(request), request)));

        // Usually every planned shipment is reserved at the first attempt: what was made is then the plan's own list,
        // and what stays unfilled the plan's; the lists below are built only when a reservation is refused.
        var first = plan;
        List<PlannedShipment>? made = null;
        List<FulfilmentLine>? unfilled = null;
        // The order changes once, after the reservations: the sequence and the new shipments are collected here.
        var sequence = o.ShipmentSequence;
        var shipments = new TrackedShipment[o.Shipments.Count + plan.Shipments.Count];
        var count = 0;
        for (; count < o.Shipments.Count; count++) shipments[count] = o.Shipments[count];
        for (var attempt = 1; ; attempt++)
        {
            List<FulfilmentLine>? refused = null;
            for (var p = 0; p < plan.Shipments.Count; p++)
            {
                var planned = plan.Shipments[p];
                // A refused reservation used its id (the ledger remembers the key): every attempt gets a new one. The id is
                // unique per reservation, so it is the reservation's idempotency key too (one string less to keep per hold).
                sequence++;
                var id = $"{o.Id}/{sequence.ToString(CultureInfo.InvariantCulture)}";
                var outcome = _ledger.Reserve(new ReserveCommand(id, HoldId.Of(id), ToStock(planned.Location, planned.Lines), _options.HoldTimeToLive));
                if (!outcome.IsAccepted)
                {
                    made ??= [.. first.Shipments.Take(p)]; // the first refusal is in the first plan
                    (refused ??= []).AddRange(planned.Lines);
                    continue;
                }
                made?.Add(planned);
                if (planned.IntakeDate is { } day) _capacity.Record(planned.Location, day);
                if (count == shipments.Length) Array.Resize(ref shipments, count * 2);
                // A draft: Settle may submit it in this same command without a copy.
                shipments[count++] = TrackedShipment.NewDraft(id, planned.Location, planned.Lines, _clock.GetCurrentInstant(), planned.ShippingCost,
                    planned.IntakeDate, planned.Service);
            }
            if (refused is null) break;
            unfilled ??= [.. first.Unfilled];
            if (attempt >= _options.MaxReservationAttempts)
            {
                unfilled.AddRange(refused);
                break;
            }
            // Someone took the stock between plan and reservation: plan the refused units again on fresh stock.
            var retry = new PlanningRequest(o.Order, refused, _ledger, excluded, _capacity, request.At);
            plan = Checked(_planner.Plan(retry), retry);
            unfilled.AddRange(plan.Unfilled);
        }
        if (sequence != o.ShipmentSequence)
        {
            var draft = Draft(ref o);
            draft.SetShipmentSequence(sequence);
            if (count < shipments.Length) Array.Resize(ref shipments, count);
            if (count != o.Shipments.Count) draft.SetShipments(shipments);
        }
        IReadOnlyList<PlannedShipment> madeShipments = made ?? first.Shipments;
        IReadOnlyList<FulfilmentLine> unfilledLines = unfilled ?? first.Unfilled;

        var now = _clock.GetCurrentInstant();
        if (isFirst)
        {
            var requested = Units(needed);
            _metrics.Routed(madeShipments.Count, requested, requested - Units(unfilledLines), Stopwatch.GetElapsedTime(started));
        }
        Publish(new OrderRouted(o.Id, now, madeShipments, unfilledLines, isFirst, plan.PromisedBy));

        var anyLive = Count(o).Live > 0;
        if (anyLive && o.State is OrderState.Received or OrderState.Exception) Fire(ref o, OrderTrigger.Route);
        if (madeShipments.Count > 0 && !o.Notified(NotificationTopics.OrderConfirmed))
            Notify(ref o, NotificationTopics.OrderConfirmed, $"{o.Id}:confirmed", now, NoData);

        if (unfilledLines.Count > 0)
        {
            var context = $"no stock for {Describe(unfilledLines)}" + (excluded.Count > 0 ? $" (excluding {string.Join(", ", excluded.Order())})" : "");
            var action = FlagException(ref o, ExceptionCause.NoStock, context, null, blocksOrder: !anyLive);
            if (action != ExceptionAction.Escalate)
            {
                if (!o.AwaitingStock)
                {
                    o = o with { AwaitingStock = true };
                    _awaitingStock.Add((o.Order.PlacedAt, o.Id));
                }
                if (!anyLive) Fire(ref o, OrderTrigger.Flag);
                Notify(ref o, NotificationTopics.Backordered, $"{o.Id}:backordered:{o.NotificationSequence + 1}", now, NoData, numbered: true);
            }
        }
        else
        {
            if (o.AwaitingStock)
            {
                o = o with { AwaitingStock = false };
                _awaitingStock.Remove((o.Order.PlacedAt, o.Id));
            }
            if (o.OpenException is { Cause: not ExceptionCause.LedgerRefused } open)
            {
                o = o with { OpenException = null };
                Publish(new ExceptionResolved(o.Id, now, open.Cause));
            }
        }
    }

    private static ShipmentPlan Checked(ShipmentPlan plan, in PlanningRequest request)
    {
        // Indexed loops: no enumerator per list (this runs for every routing).
        for (var i = 0; i < plan.Shipments.Count; i++)
        {
            if (request.ExcludedLocations.Count > 0 && request.ExcludedLocations.Contains(plan.Shipments[i].Location))
                throw new InvalidOperationException($"the planner used excluded location {plan.Shipments[i].Location} for order {request.Order.Id}");
            CheckLines(plan.Shipments[i].Lines, request.Order.Id);
        }
        CheckLines(plan.Unfilled, request.Order.Id);
        for (var w = 0; w < request.Lines.Count; w++)
        {
            var wanted = request.Lines[w];
            var placed = 0;
            for (var i = 0; i < plan.Shipments.Count; i++) placed += UnitsOf(plan.Shipments[i].Lines, wanted.LineId);
            placed += UnitsOf(plan.Unfilled, wanted.LineId);
            if (placed != wanted.Quantity)
                throw new InvalidOperationException($"the planner placed {placed} units of line {wanted.LineId} of order {request.Order.Id}, {wanted.Quantity} were asked");
        }
        return plan;
    }

    /// <summary>Refuses a planned line that names no order line or no units (a <c>default</c> <see cref="FulfilmentLine"/>):
    /// the placed-units check cannot see it, and the ledger would refuse its reservation as if the stock had gone.</summary>
    private static void CheckLines(IReadOnlyList<FulfilmentLine> lines, OrderId order)
    {
        for (var l = 0; l < lines.Count; l++)
            if (lines[l].LineId is null || lines[l].Quantity < 1)
                throw new InvalidOperationException($"the planner returned a line of {lines[l].Quantity} units of line {lines[l].LineId ?? "(none)"} for order {order}; each line names an order line and at least 1 unit");
    }

    // ---- aggregate progress --------------------------------------------------------------------------------------

    /// <summary>Moves the order as far as its shipments allow: route, release, submit, pick, dispatch, deliver, cancel.</summary>
    private void Settle(ref TrackedOrder o)
    {
        if (o.State == OrderState.Received && Count(o).Live > 0) Fire(ref o, OrderTrigger.Route);
        if (o.State == OrderState.Routed && (_options.ReleaseOnRouting || o.ReleaseRequested)) Release(ref o);
        if (o.ReleaseRequested && o.State is not (OrderState.OnHold or OrderState.Cancelled))
        {
            // Shipments routed in this command are drafts and change in place (the usual case: ingest routes and
            // releases at once); older ones are copied, all into one copy of the list.
            TrackedShipment[]? submitting = null;
            for (var i = 0; i < o.Shipments.Count; i++)
            {
                var s = o.Shipments[i];
                if (s.Status != ShipmentStatus.Reserved) continue;
                if (s.IsDraft) s.SetStatus(ShipmentStatus.Submitting);
                else (submitting ??= o.Shipments.ToArray())[i] = s with { Status = ShipmentStatus.Submitting };
            }
            if (submitting is not null) Draft(ref o).SetShipments(submitting);
        }

        var open = HasUnallocated(o);
        var (live, picked, left, delivered, everLeft) = Count(o);
        if (o.State == OrderState.Released && picked > 0) Fire(ref o, OrderTrigger.Pick);
        if (o.State is OrderState.Released or OrderState.Picking && !open && live > 0 && left == live) Fire(ref o, OrderTrigger.Dispatch);
        if (o.State == OrderState.Dispatched && delivered == live) Fire(ref o, OrderTrigger.Deliver);
        if (!open && live == 0 && !OrderStateMachine.IsTerminal(o.State) && !everLeft)
        {
            if (o.OpenException is { } ex)
            {
                o = o with { OpenException = null };
                Publish(new ExceptionResolved(o.Id, _clock.GetCurrentInstant(), ex.Cause));
            }
            Fire(ref o, OrderTrigger.Cancel);
        }
    }

    /// <summary>Counts the live shipments: all, picked or later, left, delivered; and whether any shipment ever left.</summary>
    private static (int Live, int Picked, int Left, int Delivered, bool EverLeft) Count(TrackedOrder o)
    {
        int live = 0, picked = 0, left = 0, delivered = 0;
        var everLeft = false;
        for (var i = 0; i < o.Shipments.Count; i++)
        {
            var s = o.Shipments[i];
            everLeft |= s.HasLeft;
            if (!s.IsLive) continue;
            live++;
            if (s.Status >= ShipmentStatus.Picked) picked++;
            if (s.HasLeft) left++;
            if (s.Status == ShipmentStatus.Delivered) delivered++;
        }
        return (live, picked, left, delivered, everLeft);
    }

    /// <summary>True when some ordered unit is neither cancelled nor in a live shipment (without allocating).</summary>
    private static bool HasUnallocated(TrackedOrder o)
    {
        for (var i = 0; i < o.Order.Lines.Count; i++)
        {
            var line = o.Order.Lines[i];
            if (o.UnallocatedUnitsOf(line) > 0) return true;
        }
        return false;
    }

    private void Release(ref TrackedOrder o)
    {
        if (!ExpireOverdueHolds(ref o)) return;
        if (HasReserved(o) && Fire(ref o, OrderTrigger.Release)) Draft(ref o).SetReleaseRequested(true); // the same draft: no second copy
    }

    /// <summary>True when a routed order has a reserved shipment whose ledger hold has expired.</summary>
    private bool HasOverdueHold(TrackedOrder o, Instant now) =>
        o.State == OrderState.Routed && o.Shipments.Any(s => s.Status == ShipmentStatus.Reserved && now >= s.ReservedAt + _options.HoldTimeToLive);

    /// <summary>
    /// Flags every reserved shipment whose hold has expired (<see cref="ExceptionCause.HoldExpired"/>) and lets the
    /// exception policy re-route or flag the order; false when the order stopped (flagged, or not routed again).
    /// </summary>
    private bool ExpireOverdueHolds(ref TrackedOrder o)
    {
        var now = _clock.GetCurrentInstant();
        for (var i = 0; i < o.Shipments.Count; i++)
        {
            var s = o.Shipments[i];
            if (s.Status != ShipmentStatus.Reserved || now < s.ReservedAt + _options.HoldTimeToLive) continue;
            ReleaseShipment(ref o, i, ShipmentStatus.Cancelled);
            var action = FlagException(ref o, ExceptionCause.HoldExpired, $"hold {s.Id} at {s.Location} expired at {s.ReservedAt + _options.HoldTimeToLive} before release", s.Location, blocksOrder: false);
            if (action is ExceptionAction.Retry or ExceptionAction.Reroute or ExceptionAction.AwaitStock)
            {
                Fire(ref o, OrderTrigger.Reroute);
                Route(ref o, action == ExceptionAction.Reroute ? [s.Location] : []);
                if (o.State != OrderState.Routed) return false;
            }
            else
            {
                Fire(ref o, OrderTrigger.Flag);
                return false;
            }
        }
        return true;
    }

    private static bool HasReserved(TrackedOrder o)
    {
        for (var i = 0; i < o.Shipments.Count; i++)
            if (o.Shipments[i].Status == ShipmentStatus.Reserved) return true;
        return false;
    }

    // ---- ledger effects -------------------------------------------------------------------------------------------

    /// <summary>
    /// True when the shipment uses a slot of its location's daily capacity: it has an intake day and did not end
    /// cancelled or rejected (it never leaves). The live count and its rebuild on start follow this one rule.
    /// </summary>
    private static bool UsesCapacity(TrackedShipment s) => s.IntakeDate is not null && s.Status is not (ShipmentStatus.Cancelled or ShipmentStatus.Rejected);

    private void ReleaseShipment(ref TrackedOrder o, int index, ShipmentStatus status)
    {
        var s = o.Shipments[index];
        _ledger.Release(new ReleaseCommand($"{s.Id}:release:{s.Releases + 1}", HoldId.Of(s.Id)));
        o = Replace(o, index, s with { Status = status, Releases = s.Releases + 1 });
    }

    private void ReleaseUnits(ref TrackedOrder o, int index, IReadOnlyList<FulfilmentLine> units)
    {
        var s = o.Shipments[index];
        _ledger.Release(new ReleaseCommand($"{s.Id}:release:{s.Releases + 1}", HoldId.Of(s.Id), ToStock(s.Location, units)));
        var lines = new List<FulfilmentLine>();
        foreach (var line in s.Lines)
        {
            var left = line.Quantity - units.Where(u => u.LineId == line.LineId).Sum(u => u.Quantity);
            if (left > 0) lines.Add(line with { Quantity = left });
        }
        o = Replace(o, index, s with { Lines = lines, Releases = s.Releases + 1 });
    }

    private void CancelUnits(ref TrackedOrder o, List<FulfilmentLine> cancel, string reasonCode)
    {
        var now = _clock.GetCurrentInstant();
        var rerouteNeeded = false;
        foreach (var line in cancel)
        {
            // Units waiting for stock go first, then the newest shipments that have not left.
            var remaining = line.Quantity - Math.Min(line.Quantity, o.Unallocated().Where(u => u.LineId == line.LineId).Sum(u => u.Quantity));
            for (var i = o.Shipments.Count - 1; i >= 0 && remaining > 0; i--)
            {
                var s = o.Shipments[i];
                if (!s.IsLive || s.HasLeft) continue;
                var take = Math.Min(remaining, s.UnitsOf(line.LineId));
                if (take == 0) continue;
                remaining -= take;
                if (s.Status == ShipmentStatus.Reserved)
                {
                    ReleaseUnits(ref o, i, [line with { Quantity = take }]);
                    if (o.Shipments[i].Lines.Count == 0) o = Replace(o, i, o.Shipments[i] with { Status = ShipmentStatus.Cancelled });
                }
                else
                {
                    // The provider has the instruction: stop the whole shipment; what it still should ship is routed again.
                    // Sent, or being sent right now (its answer not yet back): either way the provider must hear of it.
                    var sent = s.Status != ShipmentStatus.Submitting || _inFlight.Contains((Submit, s.Id));
                    ReleaseShipment(ref o, i, ShipmentStatus.Cancelled);
                    if (sent) o = o with { PendingCancellations = [.. o.PendingCancellations, s.Id] };
                    rerouteNeeded = true;
                }
            }
            var cancelled = new Dictionary<string, int>(o.CancelledUnits, StringComparer.Ordinal);
            cancelled[line.LineId] = cancelled.GetValueOrDefault(line.LineId) + line.Quantity;
            o = o with { CancelledUnits = cancelled };
        }
        Publish(new LinesCancelled(o.Id, now, cancel));
        o = o with { CancellationSequence = o.CancellationSequence + 1 };
        Notify(ref o, NotificationTopics.Cancelled, $"{o.Id}:cancelled:{o.CancellationSequence}", now,
            new Dictionary<string, string> { ["reason"] = reasonCode });

        var needed = o.Unallocated();
        if (needed.Count == 0 && o.AwaitingStock)
        {
            o = o with { AwaitingStock = false };
            _awaitingStock.Remove((o.Order.PlacedAt, o.Id));
            if (o.OpenException is { Cause: ExceptionCause.NoStock } ex)
            {
                o = o with { OpenException = null };
                Publish(new ExceptionResolved(o.Id, now, ex.Cause));
                if (o.State == OrderState.Exception && o.Shipments.Any(s => s.IsLive)) Fire(ref o, OrderTrigger.Route);
            }
        }
        if (rerouteNeeded && needed.Count > 0 && o.State is not (OrderState.OnHold or OrderState.Exception)) Route(ref o, []);
    }

    private void OpenReturn(ref TrackedOrder o, IReadOnlyList<LineUnits> lines, string reasonCode)
    {
        var now = _clock.GetCurrentInstant();
        o = o with { CancellationSequence = o.CancellationSequence + 1 };
        var key = $"{o.Id}:return:{o.CancellationSequence}";
        var shipped = o.Shipments.Where(s => s.HasLeft).ToArray();
        var first = shipped.FirstOrDefault(s => lines.Any(l => s.UnitsOf(l.LineId) > 0));
        var from = first is null ? (LocationId?)null : first.Location;
        var delivered = shipped.Where(s => s.DeliveredAt is not null).Select(s => s.DeliveredAt).Max();
        var opening = new ReturnOpening(key, o.Order, lines.Select(l => new ReturnedLine(l.LineId, l.Quantity)).ToArray(), reasonCode,
            delivered?.InUtc().Date, from);
        var returned = new Dictionary<string, int>(o.ReturnedUnits, StringComparer.Ordinal);
        foreach (var l in lines) returned[l.LineId] = returned.GetValueOrDefault(l.LineId) + l.Quantity;
        o = o with { PendingReturns = [.. o.PendingReturns, opening], ReturnedUnits = returned };
        var order = o.Order;
        Publish(new ReturnRequested(o.Id, now, order.Channel,
            lines.Select(l => new FulfilmentLine(l.LineId, order.Lines.First(x => x.LineId == l.LineId).Sku, l.Quantity)).ToArray(), reasonCode, key));
    }

    private static int ReturnedUnits(TrackedOrder o, string lineId) => o.ReturnedUnits.GetValueOrDefault(lineId);

    // ---- exceptions ------------------------------------------------------------------------------------------------

    private ExceptionAction FlagException(ref TrackedOrder o, ExceptionCause cause, string context, LocationId? location, bool blocksOrder)
    {
        var counts = new Dictionary<ExceptionCause, int>(o.ExceptionCounts);
        var attempt = counts.GetValueOrDefault(cause) + 1;
        counts[cause] = attempt;
        o = o with { ExceptionCounts = counts };
        var arguments = new ExceptionArguments(o.Seal(), cause, context, attempt, location); // sealed: a policy may keep it
        var action = ExceptionAction.Pass;
        foreach (var policy in _policies)
        {
            action = policy.Decide(in arguments);
            if (action != ExceptionAction.Pass) break;
        }
        if (action == ExceptionAction.Pass) action = _fallbackPolicy.Decide(in arguments);
        var now = _clock.GetCurrentInstant();
        var exception = new OrderException(cause, context, now, attempt, action);
        o = o with { OpenException = exception };
        _metrics.Exception(cause);
        Publish(new ExceptionFlagged(o.Id, now, exception));
        if (action == ExceptionAction.Escalate)
        {
            Publish(new ExceptionEscalated(o.Id, now, exception));
            if (blocksOrder) Fire(ref o, OrderTrigger.Flag);
        }
        return action;
    }

    private void Rejected(ref TrackedOrder o, int index, FulfilmentReceipt receipt)
    {
        var s = o.Shipments[index];
        ReleaseShipment(ref o, index, ShipmentStatus.Rejected);
        var cause = receipt.AddressRefused ? ExceptionCause.AddressRefused : ExceptionCause.FulfilmentRejected;
        var action = FlagException(ref o, cause, $"{s.Location} refused shipment {s.Id} ({Describe(s.Lines)}): {receipt.Reason}", s.Location,
            blocksOrder: !o.Shipments.Any(x => x.IsLive));
        if (action is ExceptionAction.Retry or ExceptionAction.Reroute or ExceptionAction.AwaitStock)
            Route(ref o, action == ExceptionAction.Reroute ? [s.Location] : []);
        else if (o.State != OrderState.Exception) Fire(ref o, OrderTrigger.Flag);
    }

    // ---- stock arrivals (backorders) -------------------------------------------------------------------------------

    private void OnArrival(StockArrived arrived)
    {
        if (_gate.IsHeldByCurrentThread)
        {
            _arrivals.Enqueue(arrived); // raised by our own ledger call: handled when the command ends
            return;
        }
        List<OrderId>? allocated;
        lock (_gate)
        {
            if (_disposed) return;
            _arrivals.Enqueue(arrived);
            allocated = DrainArrivals();
        }
        // Instructions and notifications of the orders just allocated. The ledger's callback cannot await: the
        // in-memory adapters complete at once; a slow adapter's work continues in the background and anything it
        // fails to deliver stays in the outbox for FlushAsync.
        if (allocated is null) return;
        foreach (var id in allocated) _ = DeliverInBackground(id);
    }

    private async Task DeliverInBackground(OrderId id)
    {
        try
        {
            await DeliverAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: the outbox stays in the store for the next lifecycle.
        }
    }

    /// <summary>Allocates waiting orders, oldest first, for each queued arrival; returns the orders it changed (null for none).</summary>
    private List<OrderId>? DrainArrivals()
    {
        List<OrderId>? changed = null;
        while (_arrivals.TryDequeue(out var arrived))
        {
            foreach (var (_, id) in _awaitingStock.ToArray())
            {
                if (_ledger.GetSellable(arrived.Line.Location, arrived.Line.Sku) <= 0) break;
                var stored = _store.Find(id);
                if (stored is null || !stored.AwaitingStock || stored.State == OrderState.OnHold) continue;
                if (!Needs(stored, arrived.Line.Sku)) continue;
                var order = stored;
                if (order.State == OrderState.Exception) Fire(ref order, OrderTrigger.Reroute);
                Route(ref order, []);
                Settle(ref order);
                Save(stored, order);
                (changed ??= []).Add(id);
            }
        }
        return changed;
    }

    private static bool Needs(TrackedOrder o, Sku sku)
    {
        var needed = o.Unallocated();
        for (var i = 0; i < needed.Count; i++) if (needed[i].Sku == sku) return true;
        return false;
    }

    // ---- the outbox ------------------------------------------------------------------------------------------------

    private static bool HasOutbox(TrackedOrder o) =>
        o.PendingNotifications.Count > 0 || o.PendingReturns.Count > 0 || o.PendingCancellations.Count > 0 ||
        o.Shipments.Any(s => s.Status == ShipmentStatus.Submitting);

    /// <summary>Delivers the order's outbox, each item until its adapter accepts it; a failing item waits for the next flush.</summary>
    /// <remarks>No closures: the item is picked under the lock, its adapter called outside it, and its answer applied under
    /// the lock again. When the adapters complete synchronously (the in-memory ones do) nothing here allocates.</remarks>
    private async ValueTask DeliverAsync(OrderId id, CancellationToken cancellationToken)
    {
        HashSet<(string Kind, string Key)>? skip = null; // failed in this pass
        while (true)
        {
            OutboxItem item;
            lock (_gate)
            {
                var o = _store.Find(id);
                if (o is null || _disposed) return;
                item = NextOutboxItem(o, skip);
                if (item.Kind is null) return;
                _inFlight.Add(item.Key);
            }

            FulfilmentReceipt? receipt = null;
            ShippingLabel? label = null;
            ReturnOpened? answer = null;
            try
            {
                switch (item.Kind)
                {
                    case BuyLabel:
                        label = await _carrier!.CreateLabelAsync(item.LabelRequest!, cancellationToken).ConfigureAwait(false);
                        break;
                    case Submit:
                        receipt = item.Provider is null
                            ? new FulfilmentReceipt(false, $"no fulfilment provider is registered for location {item.Instruction!.Location}")
                            : await item.Provider.SubmitAsync(item.Instruction!, cancellationToken).ConfigureAwait(false);
                        break;
                    case CancelShipment:
                        if (item.Provider is not null) await item.Provider.CancelAsync(item.Key.Key, cancellationToken).ConfigureAwait(false);
                        break;
                    case OpenReturnKind:
                        answer = await _returns!.OpenAsync(item.Opening!, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await _notifications!.SendAsync(item.Notification!, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                (skip ??= []).Add(item.Key);
                lock (_gate)
                {
                    _inFlight.Remove(item.Key);
                    if (!_disposed) Publish(new AdapterCallFailed(id, _clock.GetCurrentInstant(), item.Adapter, error.Message));
                }
                continue;
            }
            catch
            {
                lock (_gate) _inFlight.Remove(item.Key);
                throw;
            }
            lock (_gate)
            {
                _inFlight.Remove(item.Key);
                if (_disposed) return;
                var current = _store.Find(id)!;
                switch (item.Kind)
                {
                    case BuyLabel:
                        Labelled(current, item.Key.Key, label!);
                        break;
                    case Submit:
                        Submitted(current, item.Key.Key, receipt!);
                        break;
                    case CancelShipment:
                        Save(current, current with { PendingCancellations = Without(current.PendingCancellations, item.Key.Key, static (c, cancel) => c == cancel) });
                        break;
                    case OpenReturnKind:
                        ReturnAnswered(current, item.Opening!, answer!);
                        break;
                    default:
                        Save(current, current with { PendingNotifications = Without(current.PendingNotifications, item.Key.Key, static (n, key) => n.Key == key) });
                        break;
                }
                DrainArrivals(); // see RunAsync
            }
        }
    }

    private const string BuyLabel = "label", Submit = "submit", CancelShipment = "cancel", OpenReturnKind = "return", SendNotification = "notify";

    /// <summary>One outbox item to deliver: its kind and key (the in-flight key), the adapter's name, and what to send.</summary>
    private readonly record struct OutboxItem(
        (string Kind, string Key) Key, string Adapter, IFulfilmentProvider? Provider = null, FulfilmentInstruction? Instruction = null,
        ReturnOpening? Opening = null, CustomerNotification? Notification = null, LabelRequest? LabelRequest = null)
    {
        public string? Kind => Key.Kind;
    }

    /// <summary>The order's next outbox item not in flight and not failed in this pass, in the order: labels then
    /// instructions, provider cancellations, returns, notifications; <c>default</c> when there is none. Under the lock.</summary>
    private OutboxItem NextOutboxItem(TrackedOrder o, HashSet<(string Kind, string Key)>? skip)
    {
        for (var i = 0; i < o.Shipments.Count; i++)
        {
            var s = o.Shipments[i];
            if (s.Status != ShipmentStatus.Submitting) continue;
            if (_carrier is not null && s.Label is null && s.Service is { } service && _options.ShipFrom.TryGetValue(s.Location, out var from))
            {
                // The instruction waits for its label; the key makes a retried call buy no second label.
                if (Busy(skip, (BuyLabel, s.Id))) continue;
                return new OutboxItem((BuyLabel, s.Id), "carrier",
                    LabelRequest: new LabelRequest($"{s.Id}:label", service.Carrier, service.Service, from, o.Order.ShipTo, s.Id));
            }
            if (Busy(skip, (Submit, s.Id))) continue;
            return new OutboxItem((Submit, s.Id), "fulfilment", _providers.GetValueOrDefault(s.Location),
                new FulfilmentInstruction(s.Id, s.Location, o.Order, s.Lines) { Service = s.Service, Label = s.Label });
        }
        for (var i = 0; i < o.PendingCancellations.Count; i++)
        {
            var cancel = o.PendingCancellations[i];
            if (Busy(skip, (CancelShipment, cancel)) || _inFlight.Contains((Submit, cancel))) continue; // never before its instruction
            return new OutboxItem((CancelShipment, cancel), "fulfilment", _providers.GetValueOrDefault(o.Shipments[IndexOf(o, cancel)].Location));
        }
        if (_returns is not null)
        {
            for (var i = 0; i < o.PendingReturns.Count; i++)
            {
                var opening = o.PendingReturns[i];
                if (!Busy(skip, (OpenReturnKind, opening.IdempotencyKey)))
                    return new OutboxItem((OpenReturnKind, opening.IdempotencyKey), "returns", Opening: opening);
            }
        }
        if (_notifications is not null)
        {
            for (var i = 0; i < o.PendingNotifications.Count; i++)
            {
                var notification = o.PendingNotifications[i];
                if (!Busy(skip, (SendNotification, notification.Key)))
                    return new OutboxItem((SendNotification, notification.Key), "notifications", Notification: notification);
            }
        }
        return default;
    }

    /// <summary><paramref name="list"/> and <paramref name="item"/>, as a new array (a collection expression typed as a
    /// read-only list would also allocate a wrapper around it).</summary>
    private static T[] Append<T>(IReadOnlyList<T> list, T item)
    {
        var items = new T[list.Count + 1];
        for (var i = 0; i < list.Count; i++) items[i] = list[i];
        items[^1] = item;
        return items;
    }

    /// <summary>The items of <paramref name="list"/> that do not match <paramref name="key"/>, as a new array.</summary>
    private static T[] Without<T>(IReadOnlyList<T> list, string key, Func<T, string, bool> matches)
    {
        var count = 0;
        for (var i = 0; i < list.Count; i++) if (!matches(list[i], key)) count++;
        if (count == 0) return [];
        var kept = new T[count];
        count = 0;
        for (var i = 0; i < list.Count; i++) if (!matches(list[i], key)) kept[count++] = list[i];
        return kept;
    }

    private bool Busy(HashSet<(string Kind, string Key)>? skip, (string Kind, string Key) key) =>
        skip?.Contains(key) == true || (_inFlight.Count > 0 && _inFlight.Contains(key)); // usually nothing is in flight: no hashing

    private void Labelled(TrackedOrder stored, string shipment, ShippingLabel label)
    {
        var index = IndexOf(stored, shipment);
        if (index < 0 || stored.Shipments[index].Status != ShipmentStatus.Submitting || stored.Shipments[index].Label is not null) return; // settled meanwhile
        Publish(new ShipmentLabelled(stored.Id, _clock.GetCurrentInstant(), shipment, label));
        Save(stored, Replace(stored, index, stored.Shipments[index] with { Label = label }));
    }

    private void Submitted(TrackedOrder stored, string shipment, FulfilmentReceipt receipt)
    {
        var index = IndexOf(stored, shipment);
        if (index < 0 || stored.Shipments[index].Status != ShipmentStatus.Submitting) return; // settled meanwhile
        var o = stored;
        var s = o.Shipments[index];
        if (receipt.Accepted)
        {
            o = Replace(o, index, s with { Status = ShipmentStatus.Released });
            Publish(new ShipmentReleased(o.Id, _clock.GetCurrentInstant(), s.Id, s.Location));
        }
        else
        {
            Rejected(ref o, index, receipt);
        }
        Settle(ref o);
        Save(stored, o);
    }

    private void ReturnAnswered(TrackedOrder stored, ReturnOpening opening, ReturnOpened answer)
    {
        if (!stored.PendingReturns.Contains(opening)) return;
        var o = stored with { PendingReturns = stored.PendingReturns.Where(r => !ReferenceEquals(r, opening)).ToArray() };
        Publish(new Events.ReturnAnswered(o.Id, _clock.GetCurrentInstant(), opening.IdempotencyKey, answer.Return, answer.Accepted, answer.Reason));
        Save(stored, o);
    }

    // ---- small pieces --------------------------------------------------------------------------------------------

    private bool Fire(ref TrackedOrder o, OrderTrigger trigger)
    {
        if (!OrderStateMachine.TryFire(o.State, trigger, out var next)) return false;
        var from = o.State;
        Draft(ref o).SetState(next);
        Publish(new OrderStateChanged(o.Id, _clock.GetCurrentInstant(), from, trigger, next));
        return true;
    }

    private void Notify(ref TrackedOrder o, string topic, string key, Instant at, IReadOnlyDictionary<string, string> data, bool numbered = false)
    {
        var notification = new CustomerNotification(key, o.Id, o.Order.Channel, topic, at, o.Order.CustomerContact, data);
        var draft = Draft(ref o);
        if (numbered) draft.SetNotificationSequence(o.NotificationSequence + 1);
        if (!o.NotifiedTopics.Contains(topic)) draft.SetNotifiedTopics(WithTopic(o.NotifiedTopics, topic));
        if (_notifications is not null) draft.SetPendingNotifications(Append(o.PendingNotifications, notification));
        Publish(new NotificationQueued(o.Id, at, notification));
    }

    /// <summary>
    /// <paramref name="topics"/> and then <paramref name="topic"/>. Orders are notified of the same few topics in the same
    /// order, so each such list is made once, read-only, and shared by every order that reaches it: an order keeps no
    /// list of its own. Only lists this method made (or an empty one) are extended by a shared list; any other list (one
    /// a store made when it loaded the order) gets a plain copy, and past <see cref="MaxSharedTopicLists"/> lists so
    /// does every order (hosts with many topics of their own).
    /// </summary>
    private static IReadOnlyList<string> WithTopic(IReadOnlyList<string> topics, string topic)
    {
        var before = topics.Count == 0 ? NoTopics : topics;
        if (!SharedTopicLists.ContainsKey(before)) return Append(topics, topic);
        if (NextTopicList.TryGetValue((before, topic), out var shared)) return shared;
        if (NextTopicList.Count >= MaxSharedTopicLists) return Append(topics, topic);
        shared = NextTopicList.GetOrAdd((before, topic), static key => Array.AsReadOnly(Append(key.Before, key.Topic)));
        SharedTopicLists.TryAdd(shared, 0);
        return shared;
    }

    private const int MaxSharedTopicLists = 1024;
    private static readonly IReadOnlyList<string> NoTopics = Array.AsReadOnly(Array.Empty<string>());
    private static readonly ConcurrentDictionary<(IReadOnlyList<string> Before, string Topic), IReadOnlyList<string>> NextTopicList =
        new(new TopicStepComparer());
    private static readonly ConcurrentDictionary<IReadOnlyList<string>, byte> SharedTopicLists =
        new([new KeyValuePair<IReadOnlyList<string>, byte>(NoTopics, 0)], ReferenceEqualityComparer.Instance);

    /// <summary>A list by identity (only shared lists are keys), a topic by its text.</summary>
    private sealed class TopicStepComparer : IEqualityComparer<(IReadOnlyList<string> Before, string Topic)>
    {
        public bool Equals((IReadOnlyList<string> Before, string Topic) x, (IReadOnlyList<string> Before, string Topic) y) =>
            ReferenceEquals(x.Before, y.Before) && string.Equals(x.Topic, y.Topic, StringComparison.Ordinal);

        public int GetHashCode((IReadOnlyList<string> Before, string Topic) step) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(step.Before), StringComparer.Ordinal.GetHashCode(step.Topic));
    }

    /// <summary>Makes <paramref name="o"/> a draft of this command (a copy, unless it is one already) and returns it, to change in place.</summary>
    private static TrackedOrder Draft(ref TrackedOrder o) => o = o.Draft();

    private void Save(TrackedOrder stored, TrackedOrder changed)
    {
        if (ReferenceEquals(stored, changed)) return;
        // Every changed order is a copy this command made (never a stored or published value), so it can be stamped.
        changed.SealAs(stored.Version + 1);
        _store.Update(changed);
    }

    private void Publish(OrderEvent e) => _events.OnNext(e);

    private static LifecycleResult Result(LifecycleStatus status, TrackedOrder o, string message = "") => new(status, o.Id, o.State, message);

    private static LifecycleResult Refusal(TrackedOrder o, OrderTrigger trigger) =>
        Result(LifecycleStatus.Refused, o, OrderStateMachine.Refusal(o.State, trigger));

    private static int IndexOf(TrackedOrder o, string shipment)
    {
        for (var i = 0; i < o.Shipments.Count; i++) if (o.Shipments[i].Id == shipment) return i;
        return -1;
    }

    /// <summary>The order with shipment <paramref name="index"/> replaced; a shipment that stops using its day's
    /// capacity here (it ended cancelled or rejected) gives the slot back.</summary>
    private TrackedOrder Replace(TrackedOrder o, int index, TrackedShipment shipment)
    {
        var before = o.Shipments[index];
        if (UsesCapacity(before) && !UsesCapacity(shipment)) _capacity.Release(before.Location, before.IntakeDate!.Value);
        var shipments = o.Shipments.ToArray();
        shipments[index] = shipment;
        Draft(ref o).SetShipments(shipments);
        return o;
    }

    private static StockLine[] ToStock(LocationId location, IReadOnlyList<FulfilmentLine> lines)
    {
        // The ledger wants each (location, SKU) once: lines of the same SKU are summed.
        if (lines.Count == 1) return [new StockLine(location, lines[0].Sku, lines[0].Quantity)];
        var bySku = new StockLine[lines.Count];
        var count = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var at = 0;
            while (at < count && bySku[at].Sku != line.Sku) at++;
            if (at == count) bySku[count++] = new StockLine(location, line.Sku, line.Quantity);
            else bySku[at] = bySku[at] with { Quantity = bySku[at].Quantity + line.Quantity };
        }
        if (count < bySku.Length) Array.Resize(ref bySku, count);
        return bySku;
    }

    private static int UnitsOf(IReadOnlyList<FulfilmentLine> lines, string lineId)
    {
        var units = 0;
        for (var i = 0; i < lines.Count; i++)
            if (lines[i] is var line && line.LineId == lineId) units += line.Quantity;
        return units;
    }

    private static long Units(IReadOnlyList<FulfilmentLine> lines)
    {
        var units = 0L;
        for (var i = 0; i < lines.Count; i++) units += lines[i].Quantity;
        return units;
    }

    private static IReadOnlyDictionary<string, string> Tracking(TrackedShipment s) => NotificationData.Tracking(s.Carrier, s.Id, s.TrackingNumber);

    private static string Describe(IEnumerable<FulfilmentLine> lines) =>
        string.Join(", ", lines.Select(l => $"{l.Quantity} × {l.Sku} (line {l.LineId})"));

    private static readonly IReadOnlyDictionary<string, string> NoData = new SortedDictionary<string, string>(StringComparer.Ordinal);

    private sealed class AwaitingOrder : IComparer<(Instant PlacedAt, OrderId Id)>
    {
        public static readonly AwaitingOrder Instance = new();

        public int Compare((Instant PlacedAt, OrderId Id) x, (Instant PlacedAt, OrderId Id) y)
        {
            var byTime = x.PlacedAt.CompareTo(y.PlacedAt);
            return byTime != 0 ? byTime : x.Id.CompareTo(y.Id);
        }
    }
}
