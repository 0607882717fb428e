using System.Globalization;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Events;
using OrderRouting.Inventory.Availability;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Lifecycle;
using OrderRouting.Orders;
using OrderRouting.Reporting;
using OrderRouting.Returns;
using OrderRouting.Sample.Channels;
using OrderRouting.Sample.Fulfilment;
using OrderRouting.Sample.Notifications;
using OrderRouting.Sample.Returns;

namespace OrderRouting.Sample.Simulation;

/// <summary>
/// Drives one busy trading day through the wired host: stocks the locations, lets the channels deliver the day's orders
/// (webhooks, polls, batch files), plays the customers (cancellations, returns) and the operators (address corrections,
/// retries), and runs simulated time forward until every scheduled step has happened. Everything reported is derived
/// from the seed and the simulated clock only: no wall clock, no thread timing, no hash order.
/// </summary>
/// <remarks>Run once per host; not thread-safe (it is the single driver).</remarks>
internal sealed class TradingDay(
    SimulationSettings settings, SimulatedClock clock, Agenda agenda, OrderLifecycle lifecycle, StockLedger ledger, ReturnsService returns,
    ReturnsDesk desk, IEnumerable<ISalesChannel> channels, INotificationSink notifications, FulfilmentWebhook webhook,
    Carriers.SimulatedCarrier carrier, SimulatedPayments payments, ChannelStockPublisher stockPublisher)
{
    private static readonly Duration Horizon = Duration.FromDays(90);
    private readonly Chance _chance = new(settings.Seed);
    private readonly List<OrderEvent> _events = [];
    private readonly List<ReturnEvent> _returnEvents = [];
    private readonly Dictionary<OrderId, Order> _orders = new();
    private readonly Dictionary<(LocationId, Sku), int> _receipts = new();
    private readonly SortedDictionary<string, int> _adapterFailures = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _operatorActions = new(StringComparer.Ordinal);
    private readonly HashSet<(OrderId, ExceptionCause)> _escalations = [];
    private readonly Dictionary<OrderId, Instant> _lastDelivery = new();
    private readonly SortedSet<ReturnId> _returnIds = [];
    private int _duplicates, _dispatched, _delivered, _returnsRequested;
    private bool _flushScheduled;

    /// <summary>The first instant of the day: an hour before midnight in the easternmost customer zone.</summary>
    public static Instant Start =>
        SampleWorld.Cities.Min(c => SampleWorld.TradingDay.AtStartOfDayInZone(c.TimeZone).ToInstant()) - Duration.FromHours(1);

    /// <summary>Runs the day and everything it sets off (deliveries, returns, refunds) to the end.</summary>
    public async Task<SimulationResult> RunAsync(IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var orderEvents = lifecycle.Events.Subscribe(OnOrderEvent);
        using var returnEvents = returns.Events.Subscribe(e =>
        {
            _returnEvents.Add(e);
            desk.OnTransition(e);
        });

        var start = clock.GetCurrentInstant();
        var demand = DemandGenerator.Generate(settings.Seed, settings.Orders, SampleWorld.TradingDay);
        StockUp(demand);
        ScheduleChannels(demand);
        SchedulePurchaseOrders(demand);
        ScheduleHourlyChores();

        var dayEnd = SampleWorld.Cities.Max(c => SampleWorld.TradingDay.PlusDays(1).AtStartOfDayInZone(c.TimeZone).ToInstant());
        var checkpoint = start + Duration.FromHours(3);
        while (agenda.TryNext(out var at, out var step))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (at > start + Horizon) break;
            while (at >= checkpoint)
            {
                progress?.Report(Progress(checkpoint, start, dayEnd));
                checkpoint += checkpoint < dayEnd ? Duration.FromHours(3) : checkpoint < dayEnd + Duration.FromDays(7) ? Duration.FromDays(1) : Duration.FromDays(7);
            }
            clock.AdvanceTo(at);
            await step().ConfigureAwait(false);
        }
        await lifecycle.FlushAsync(cancellationToken).ConfigureAwait(false);
        progress?.Report(Progress(clock.GetCurrentInstant(), start, dayEnd) with { DayFraction = 1 });
        return Result(start);
    }

    // ---- set-up ------------------------------------------------------------------------------------------------

    /// <summary>Opening stock sized to the day's demand per region: plenty of most products, door-busters short, bulky
    /// goods mostly at the 3PL, a small range in the store.</summary>
    private void StockUp(IReadOnlyList<DemandOrder> demand)
    {
        var europe = Demand(demand, c => c.IsEurope);
        var britain = Demand(demand, c => c.Country == "GB");
        var america = Demand(demand, c => !c.IsEurope);
        var usa = Demand(demand, c => c.Country == "US");
        foreach (var product in SampleWorld.Catalogue)
        {
            var sku = product.Sku;
            var cover = 1.0 + 0.4 * _chance.Unit("cover", sku.Value);
            Receive("opening", SampleWorld.Leipzig, sku, europe.GetValueOrDefault(sku) * (SampleWorld.IsDoorBuster(sku) ? 0.55 : cover));
            if (product.Category is "apparel" or "footwear" || (product.Category == "beauty" && product.Handling.Length == 0))
                Receive("opening", SampleWorld.LondonStore, sku, britain.GetValueOrDefault(sku) * 0.5);
            Receive("opening", SampleWorld.Columbus, sku, america.GetValueOrDefault(sku) * (SampleWorld.IsBulky(sku) ? 0.25 : SampleWorld.IsDoorBuster(sku) ? 0.5 : cover - 0.2));
            Receive("opening", SampleWorld.Reno3pl, sku, usa.GetValueOrDefault(sku) * (SampleWorld.IsBulky(sku) ? 1.0 : 0.3));
        }
    }

    /// <summary>The next morning a purchase order of door-busters arrives at each own warehouse: backorders are filled, oldest first.</summary>
    private void SchedulePurchaseOrders(IReadOnlyList<DemandOrder> demand)
    {
        var europe = Demand(demand, c => c.IsEurope);
        var america = Demand(demand, c => !c.IsEurope);
        foreach (var (location, regional) in new[] { (SampleWorld.Leipzig, europe), (SampleWorld.Columbus, america) })
        {
            var site = SampleWorld.Site(location);
            var at = site.Location.TimeZone.AtLeniently(SampleWorld.TradingDay.PlusDays(1).At(new LocalTime(10, 0))).ToInstant();
            agenda.At(at, () =>
            {
                foreach (var product in SampleWorld.Catalogue.Where(p => SampleWorld.IsDoorBuster(p.Sku)))
                    Receive("PO-1128", location, product.Sku, regional.GetValueOrDefault(product.Sku) * 0.5);
            });
        }
    }

    private void Receive(string document, LocationId location, Sku sku, double units)
    {
        var whole = (int)Math.Ceiling(units);
        if (whole <= 0) return;
        var result = ledger.Receive($"{document}:{location}:{sku}", location, sku, whole, document);
        if (!result.IsAccepted) throw new InvalidOperationException($"receipt refused: {result.Status} {result.Message}");
        _receipts[(location, sku)] = _receipts.GetValueOrDefault((location, sku)) + whole;
    }

    private static Dictionary<Sku, double> Demand(IReadOnlyList<DemandOrder> demand, Func<City, bool> region)
    {
        var units = new Dictionary<Sku, double>();
        foreach (var order in demand.Where(o => region(o.City)))
        foreach (var line in order.Lines)
            units[line.Product.Sku] = units.GetValueOrDefault(line.Product.Sku) + line.Quantity;
        return units;
    }

    /// <summary>The channels' traffic: a webhook per web order (some twice), a marketplace poll every 15 minutes over the
    /// last 20 minutes (overlapping), a B2B batch file every two hours.</summary>
    private void ScheduleChannels(IReadOnlyList<DemandOrder> demand)
    {
        var web = Channel<WebStoreChannel>();
        var marketplace = Channel<MarketplaceChannel>();
        var b2b = Channel<B2bPortalChannel>();
        foreach (var order in demand.Where(o => o.Channel == "web"))
        {
            var payload = WebStoreChannel.Render(order);
            var at = order.PlacedAt + Duration.FromSeconds(_chance.Between(2, 40, "webhook", order.ExternalId));
            agenda.At(at, () => PollAsync(web, payload));
            if (_chance.Roll(settings.DuplicateWebhooks, "webhook-again", order.ExternalId))
                agenda.At(at + Duration.FromSeconds(_chance.Between(60, 600, "webhook-again-delay", order.ExternalId)), () => PollAsync(web, payload));
        }
        if (demand.Count == 0) return;
        var first = demand[0].PlacedAt;
        var last = demand[^1].PlacedAt;
        for (var poll = Align(first, Duration.FromMinutes(15)); poll <= last + Duration.FromMinutes(15); poll += Duration.FromMinutes(15))
        {
            var from = poll - Duration.FromMinutes(20);
            var until = poll;
            var payload = MarketplaceChannel.Render(demand.Where(o => o.Channel == "marketplace" && o.PlacedAt > from && o.PlacedAt <= until));
            agenda.At(poll, () => PollAsync(marketplace, payload));
        }
        for (var batch = Align(first, Duration.FromHours(2)); batch <= last + Duration.FromHours(2); batch += Duration.FromHours(2))
        {
            var from = batch - Duration.FromHours(2);
            var until = batch;
            var orders = demand.Where(o => o.Channel == "b2b" && o.PlacedAt > from && o.PlacedAt <= until).ToArray();
            if (orders.Length == 0) continue;
            var payload = B2bPortalChannel.Render(orders);
            agenda.At(batch, () => PollAsync(b2b, payload));
        }
    }

    /// <summary>
    /// The hourly chores of a host: each channel is told what it may sell of every product at the start (a full
    /// resynchronisation), then every hour what changed, through the ledger's <see cref="ChannelStockPublisher"/>;
    /// and holds that expired before their order was released are found and handled.
    /// </summary>
    private void ScheduleHourlyChores()
    {
        stockPublisher.QueueAll(SampleWorld.Catalogue.Select(p => p.Sku));
        for (var hour = 0; hour <= 26; hour++)
        {
            agenda.At(clock.GetCurrentInstant() + Duration.FromHours(hour), async () =>
            {
                await stockPublisher.PublishAsync().ConfigureAwait(false);
                await lifecycle.ExpireHoldsAsync().ConfigureAwait(false);
            });
        }
    }

    private async ValueTask PollAsync(ChannelInbox channel, string payload)
    {
        channel.Deliver(payload);
        foreach (var result in await lifecycle.PollChannelsAsync().ConfigureAwait(false))
            if (result.Status == LifecycleStatus.Duplicate) _duplicates++;
    }

    private T Channel<T>() where T : ChannelInbox => channels.OfType<T>().Single();

    private static Instant Align(Instant at, Duration step)
    {
        var ticks = step.BclCompatibleTicks;
        var aligned = at.ToUnixTimeTicks() / ticks * ticks + ticks;
        return Instant.FromUnixTimeTicks(aligned);
    }

    // ---- reactions: customers and operators ------------------------------------------------------------------

    /// <summary>Runs inside the lifecycle (under its lock): only records and schedules, never calls back in.</summary>
    private void OnOrderEvent(OrderEvent e)
    {
        _events.Add(e);
        var now = clock.GetCurrentInstant();
        switch (e)
        {
            case OrderReceived received:
                _orders[received.Order] = received.Placed;
                if (!IsExchange(received.Order) && _chance.Roll(settings.Cancellations, "cancel", received.Order.Value))
                    agenda.At(now + Duration.FromMinutes(_chance.Between(5, 600, "cancel-after", received.Order.Value)), () => CancelAsync(received.Order));
                break;
            case ShipmentDispatched:
                _dispatched++;
                break;
            case ShipmentDelivered parcel:
                _lastDelivery[parcel.Order] = _lastDelivery.TryGetValue(parcel.Order, out var before) && before > parcel.At ? before : parcel.At;
                break;
            case OrderStateChanged { To: OrderState.Delivered } delivered:
                // Customers decide from when the parcel arrived (the carrier's time), not from when we heard of it.
                _delivered++;
                if (!IsExchange(delivered.Order)) MaybeReturn(delivered.Order, _lastDelivery.GetValueOrDefault(delivered.Order, now));
                break;
            case ExceptionEscalated escalated:
                // One operator action per order and cause (two shipments refused for one address need one correction).
                var cause = escalated.Exception.Cause;
                if (!_escalations.Add((escalated.Order, cause))) break;
                if (cause == ExceptionCause.AddressRefused)
                    agenda.At(now + Duration.FromHours(2), () => CorrectAddressAsync(escalated.Order));
                else if (cause == ExceptionCause.FulfilmentRejected)
                    agenda.At(now + Duration.FromHours(4), () => OperatorAsync("retried after rejections", lifecycle.RetryAsync(escalated.Order)));
                break;
            case ReturnAnswered { Accepted: true } answered:
                _returnIds.Add(answered.Return);
                agenda.At(now, () => desk.Review(answered.Return));
                break;
            case ReturnRequested:
                _returnsRequested++;
                break;
            case AdapterCallFailed failed:
                _adapterFailures[failed.Adapter] = _adapterFailures.GetValueOrDefault(failed.Adapter) + 1;
                if (!_flushScheduled)
                {
                    _flushScheduled = true;
                    agenda.At(now + Duration.FromMinutes(5), async () =>
                    {
                        _flushScheduled = false;
                        await lifecycle.FlushAsync().ConfigureAwait(false);
                    });
                }
                break;
        }
    }

    private static bool IsExchange(OrderId order) => order.Value.StartsWith("exchange-", StringComparison.Ordinal);

    /// <summary>The customer cancels: the whole order, or one line of a multi-line order. After dispatch it becomes a return.</summary>
    private async ValueTask CancelAsync(OrderId id)
    {
        var order = _orders[id];
        IReadOnlyList<LineUnits>? lines = null;
        if (order.Lines.Count > 1 && _chance.Roll(0.3, "cancel-line", id.Value))
        {
            var line = order.Lines[_chance.Between(0, order.Lines.Count - 1, "cancel-which", id.Value)];
            lines = [new LineUnits(line.LineId, line.Quantity)];
        }
        await lifecycle.CancelAsync(id, lines, "customer-request").ConfigureAwait(false);
    }

    /// <summary>Some delivered orders come back: each line by its channel's and product's return rate.</summary>
    private void MaybeReturn(OrderId id, Instant deliveredAt)
    {
        var order = _orders[id];
        var channelRate = order.Channel.Value switch { "web" => 0.075, "marketplace" => 0.05, _ => 0.012 } * settings.ReturnRate;
        var chosen = order.Lines.Where(l => _chance.Roll(channelRate * SampleWorld.ProductOf(l.Sku).ReturnPropensity, "return", id.Value + "/" + l.LineId)).ToArray();
        if (chosen.Length == 0) return;
        var product = SampleWorld.ProductOf(chosen[0].Sku);
        var reasons = product.Category is "apparel" or "footwear"
            ? new[] { "wrong-size", "wrong-size", "changed-mind", "not-as-described", "damaged" }
            : new[] { "changed-mind", "changed-mind", "defective", "damaged", "wrong-item" };
        var reason = reasons[_chance.Between(0, reasons.Length - 1, "reason", id.Value)];
        var at = deliveredAt + Duration.FromMinutes(_chance.Between(20 * 60, 12 * 24 * 60, "return-after", id.Value));
        agenda.At(at, async () =>
        {
            // Return what was really dispatched of each chosen line (short picks and cancellations change it).
            var tracked = lifecycle.Find(id)!;
            var lines = chosen
                .Select(l => new LineUnits(l.LineId, tracked.Shipments.Where(s => s.HasLeft).Sum(s => s.UnitsOf(l.LineId)) - tracked.ReturnedUnits.GetValueOrDefault(l.LineId)))
                .Where(l => l.Quantity > 0).ToArray();
            if (lines.Length > 0) await lifecycle.RequestReturnAsync(id, lines, reason).ConfigureAwait(false);
        });
    }

    /// <summary>Customer service gets a street address for an order whose P.O. box the carrier refused.</summary>
    private async ValueTask CorrectAddressAsync(OrderId id)
    {
        var shipTo = lifecycle.Find(id)!.Order.ShipTo;
        var city = SampleWorld.Geocode(shipTo.Country, shipTo.PostalCode);
        var corrected = Address.Create(shipTo.Country, shipTo.PostalCode, shipTo.Position, [city?.Street ?? "Main Street 1", city?.Name ?? ""]);
        await OperatorAsync("address corrected", lifecycle.CorrectAddressAsync(id, corrected)).ConfigureAwait(false);
    }

    private async ValueTask OperatorAsync(string action, ValueTask<LifecycleResult> command)
    {
        var result = await command.ConfigureAwait(false);
        var key = result.IsAccepted ? action : $"{action} (refused)";
        _operatorActions[key] = _operatorActions.GetValueOrDefault(key) + 1;
    }

    // ---- results -----------------------------------------------------------------------------------------------

    private SimulationProgress Progress(Instant at, Instant start, Instant dayEnd)
    {
        var open = _orders.Keys.Count(id => lifecycle.Find(id)?.OpenException is not null);
        var fraction = Math.Clamp((at - start).TotalHours / (dayEnd - start).TotalHours, 0, 1);
        return new SimulationProgress(at, _orders.Count, _dispatched, _delivered, _returnsRequested, open, fraction);
    }

    private SimulationResult Result(Instant start)
    {
        var sink = notifications as FileNotificationSink ?? throw new InvalidOperationException("the sample's notification sink is not registered");
        sink.Flush();
        var failures = new SortedDictionary<string, int>(_adapterFailures, StringComparer.Ordinal);
        if (carrier.Failures > 0) failures["labels"] = carrier.Failures;
        var returnFailures = _returnEvents.Count(e => e.To is ReturnState.LabelFailed or ReturnState.ResolutionFailed);
        if (returnFailures > 0) failures["returns (label, refund)"] = returnFailures;
        var resolutions = new SortedDictionary<string, int>(desk.Resolutions, StringComparer.Ordinal);
        return new SimulationResult
        {
            Settings = settings,
            Report = OperationalReport.From(_events),
            Events = _events,
            ReturnEvents = _returnEvents,
            Orders = _orders.Keys.Order().Select(id => lifecycle.Find(id)!).ToArray(),
            Returns = _returnIds.Select(id => returns.Find(id)!).ToArray(),
            Balances = ledger.GetBalances().OrderBy(b => b.Location).ThenBy(b => b.Sku).ToArray(),
            Receipts = _receipts,
            Payloads = channels.OrderBy(c => c.Channel).ToDictionary(c => c.Channel.Value, c => ((ChannelInbox)c).Payloads),
            DuplicateOrders = _duplicates,
            DeadLetters = channels.OfType<ChannelInbox>().Sum(c => c.DeadLetters.Count),
            ConfirmationAnswers = webhook.Answers,
            AdapterFailures = failures,
            NotificationsPath = sink.Path,
            NotificationsWritten = sink.Written,
            NotificationsDeduplicated = sink.Deduplicated,
            OperatorActions = _operatorActions,
            Refunded = payments.Paid,
            Resolutions = resolutions,
            Span = new Interval(start, clock.GetCurrentInstant()),
        };
    }
}
