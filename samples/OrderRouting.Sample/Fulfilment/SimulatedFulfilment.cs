using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Lifecycle;
using OrderRouting.Sample.Carriers;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Fulfilment;

/// <summary>How a kind of site works: how fast it picks, how often it picks short or refuses an instruction.</summary>
/// <param name="OpensAt">When picking starts on a working day (local time).</param>
/// <param name="MinPickMinutes">The fastest pick after release.</param>
/// <param name="MaxPickMinutes">The slowest pick after release.</param>
/// <param name="ShortPickRate">Share of shipments picked short (stock the system believed was there is not).</param>
/// <param name="RejectRate">Share of instructions refused outright.</param>
/// <param name="RejectReason">What the refusal says.</param>
internal sealed record FulfilmentProfile(LocalTime OpensAt, int MinPickMinutes, int MaxPickMinutes, double ShortPickRate, double RejectRate, string RejectReason);

/// <summary>
/// A location's fulfilment, simulated: takes pick-pack-ship instructions (now and then timing out, refusing one, or
/// refusing the address), then confirms through the <see cref="FulfilmentWebhook"/> with realistic delays: picked
/// (sometimes short) within the site's hours, dispatched at the carrier's collection after the cutoff, out for
/// delivery and delivered by the carrier's plan. Some confirmations are sent twice, some out of order, as real WMS
/// and 3PL integrations do.
/// </summary>
/// <remarks>Thread-safe. Instructions are idempotent by shipment id.</remarks>
internal abstract class SimulatedFulfilment : IFulfilmentProvider
{
    private readonly Lock _gate = new();
    private readonly Agenda _agenda;
    private readonly SimulatedClock _clock;
    private readonly SimulatedCarrier _carrier;
    private readonly FulfilmentWebhook _webhook;
    private readonly SimulationSettings _settings;
    private readonly Chance _chance;
    private readonly FulfilmentProfile _profile;
    private readonly Dictionary<string, FulfilmentReceipt> _answered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);

    protected SimulatedFulfilment(
        IReadOnlyCollection<LocationId> locations, FulfilmentProfile profile, Agenda agenda, SimulatedClock clock, SimulatedCarrier carrier,
        FulfilmentWebhook webhook, SimulationSettings settings)
    {
        Locations = locations;
        _profile = profile;
        _agenda = agenda;
        _clock = clock;
        _carrier = carrier;
        _webhook = webhook;
        _settings = settings;
        _chance = new Chance(settings.Seed);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<LocationId> Locations { get; }

    /// <summary>Calls that timed out.</summary>
    public int Timeouts { get; private set; }

    /// <summary>Instructions refused.</summary>
    public int Refusals { get; private set; }

    /// <summary>Shipments cancelled on request.</summary>
    public int Cancellations { get; private set; }

    /// <inheritdoc />
    public ValueTask<FulfilmentReceipt> SubmitAsync(FulfilmentInstruction instruction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        lock (_gate)
        {
            if (_answered.TryGetValue(instruction.Shipment, out var earlier)) return ValueTask.FromResult(earlier);
            var attempt = _attempts[instruction.Shipment] = _attempts.GetValueOrDefault(instruction.Shipment) + 1;
            if (_chance.Roll(_settings.FulfilmentTimeouts, "submit-timeout", instruction.Shipment, attempt))
            {
                Timeouts++;
                throw new TimeoutException($"{instruction.Location} did not answer within 30 s");
            }

            var site = SampleWorld.Site(instruction.Location);
            FulfilmentReceipt receipt;
            if (!SimulatedCarrier.Accepts(instruction.Order.ShipTo))
                receipt = new FulfilmentReceipt(false, $"{site.Location.Services[0].Carrier} does not deliver to P.O. boxes", AddressRefused: true);
            else if (_chance.Roll(_profile.RejectRate, "reject", instruction.Shipment))
                receipt = new FulfilmentReceipt(false, _profile.RejectReason);
            else
                receipt = FulfilmentReceipt.Accept;
            if (!receipt.Accepted) Refusals++;
            _answered[instruction.Shipment] = receipt;
            if (receipt.Accepted) Plan(instruction, site);
            return ValueTask.FromResult(receipt);
        }
    }

    /// <inheritdoc />
    public ValueTask CancelAsync(string shipment, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_cancelled.Add(shipment)) Cancellations++;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Schedules the shipment's confirmations: pick, dispatch, out for delivery, delivered.</summary>
    private void Plan(FulfilmentInstruction instruction, Site site)
    {
        var id = instruction.Shipment;
        var pickedAt = PickTime(site, _clock.GetCurrentInstant(), id);
        var picked = instruction.Lines;
        if (_chance.Roll(_profile.ShortPickRate, "short", id))
        {
            var index = _chance.Between(0, picked.Count - 1, "short-line", id);
            var line = picked[index];
            var missing = _chance.Between(1, line.Quantity, "short-units", id);
            picked = picked.Select((l, i) => i == index ? l with { Quantity = l.Quantity - missing } : l).Where(l => l.Quantity > 0).ToArray();
        }
        var pick = new PickedConfirmation(id, pickedAt, picked);
        var outOfOrder = _chance.Roll(_settings.OutOfOrderConfirmations, "out-of-order", id);
        if (picked.Count == 0)
        {
            Send(pickedAt, pick); // nothing to ship: the lifecycle routes every unit elsewhere
            return;
        }

        var service = instruction.Service ?? site.Location.Services[0];
        var dispatchedAt = site.Location.TimeZone.AtLeniently(pickedAt.InZone(site.Location.TimeZone).Date.At(site.Collection)).ToInstant();
        // Own warehouses get the label with the instruction (the OMS bought it); the store and the 3PL buy their own.
        var label = instruction.Label ?? _carrier.CreateLabelAsync(new LabelRequest(id + ":label", service.Carrier, service.Service, site.Address, instruction.Order.ShipTo, id)).Result;
        var delivery = _carrier.PlanDelivery(label.Carrier, site, service.TransitDays, dispatchedAt, id);
        var dispatch = new DispatchedConfirmation(id, dispatchedAt, label.Carrier, label.TrackingNumber, delivery.ExpectedBy);
        var outForDelivery = new OutForDeliveryConfirmation(id, delivery.OutForDelivery);
        var delivered = new DeliveredConfirmation(id, delivery.Delivered);
        var fullPick = picked.Count == instruction.Lines.Count && picked.Zip(instruction.Lines).All(p => p.First.Quantity == p.Second.Quantity);

        // A WMS that batches its pick confirmations reports a full pick after the dispatch; a carrier whose scans lag
        // reports the delivery before the out-for-delivery scan. Both must change nothing.
        Send(outOfOrder && fullPick ? dispatchedAt + Duration.FromMinutes(20) : pickedAt, pick);
        Send(dispatchedAt, dispatch);
        Send(outOfOrder ? delivery.Delivered + Duration.FromMinutes(5) : delivery.OutForDelivery, outForDelivery);
        Send(delivery.Delivered, delivered);
    }

    /// <summary>Posts a confirmation to the webhook at <paramref name="at"/> (and, now and then, once more a little later).</summary>
    private void Send(Instant at, FulfilmentConfirmation confirmation)
    {
        var kind = confirmation.GetType().Name;
        _agenda.At(at, () => Post(confirmation));
        if (_chance.Roll(_settings.DuplicateConfirmations, "duplicate-" + kind, confirmation.Shipment))
            _agenda.At(at + Duration.FromMinutes(_chance.Between(1, 45, "duplicate-delay-" + kind, confirmation.Shipment)), () => Post(confirmation));
    }

    private async ValueTask Post(FulfilmentConfirmation confirmation)
    {
        lock (_gate)
        {
            if (_cancelled.Contains(confirmation.Shipment)) return; // the site stopped the shipment
        }
        await _webhook.ReceiveAsync(confirmation).ConfigureAwait(false);
    }

    /// <summary>When a shipment released at <paramref name="released"/> is picked: within the day's hours before the
    /// cutoff, otherwise on the next working day after opening.</summary>
    private Instant PickTime(Site site, Instant released, string id)
    {
        var zone = site.Location.TimeZone;
        var calendar = site.Location.Calendar;
        var local = released.InZone(zone).LocalDateTime;
        var cutoff = site.Location.Cutoff!.Value;
        var candidate = local.PlusMinutes(_chance.Between(_profile.MinPickMinutes, _profile.MaxPickMinutes, "pick", id));
        if (calendar.IsWorkingDay(local.Date) && local.TimeOfDay >= _profile.OpensAt && candidate.Date == local.Date && candidate.TimeOfDay <= cutoff.PlusHours(1) && local.TimeOfDay < cutoff)
            return zone.AtLeniently(candidate).ToInstant();
        var day = calendar.IsWorkingDay(local.Date) && local.TimeOfDay < _profile.OpensAt ? local.Date : calendar.NextWorkingDay(local.Date);
        return zone.AtLeniently(day.At(_profile.OpensAt).PlusMinutes(_chance.Between(10, 240, "pick-morning", id))).ToInstant();
    }
}

/// <summary>The own warehouses' WMS (Leipzig and Columbus): fast, rarely short, almost never refuses.</summary>
internal sealed class WarehouseWms(Agenda agenda, SimulatedClock clock, SimulatedCarrier carrier, FulfilmentWebhook webhook, SimulationSettings settings)
    : SimulatedFulfilment([SampleWorld.Columbus, SampleWorld.Leipzig],
        new FulfilmentProfile(new LocalTime(6, 0), 20, 150, 0.02, 0.002, "WMS: location blocked for cycle count"), agenda, clock, carrier, webhook, settings);

/// <summary>The London store's ship-from-store app: staff pick between customers, short-picks more often (shop-floor stock).</summary>
internal sealed class StoreFulfilment(Agenda agenda, SimulatedClock clock, SimulatedCarrier carrier, FulfilmentWebhook webhook, SimulationSettings settings)
    : SimulatedFulfilment([SampleWorld.LondonStore],
        new FulfilmentProfile(new LocalTime(9, 0), 30, 180, 0.08, 0.01, "store: too busy to pick today"), agenda, clock, carrier, webhook, settings);

/// <summary>The Reno 3PL's API: slower, and refuses instructions now and then (an item not set up at the site).</summary>
internal sealed class ThirdPartyLogistics(Agenda agenda, SimulatedClock clock, SimulatedCarrier carrier, FulfilmentWebhook webhook, SimulationSettings settings)
    : SimulatedFulfilment([SampleWorld.Reno3pl],
        new FulfilmentProfile(new LocalTime(7, 0), 60, 300, 0.03, 0.03, "3PL: item not set up at the site (ASN missing)"), agenda, clock, carrier, webhook, settings);
