using System.Globalization;
using NodaTime;
using OrderRouting.Connectors;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Carriers;

/// <summary>When a parcel is promised and when it really arrives.</summary>
/// <param name="ExpectedBy">The carrier's promise: the end of the promised day.</param>
/// <param name="OutForDelivery">When the driver leaves with it.</param>
/// <param name="Delivered">When it is delivered (after <paramref name="ExpectedBy"/> when late).</param>
internal readonly record struct DeliveryPlan(Instant ExpectedBy, Instant OutForDelivery, Instant Delivered);

/// <summary>
/// The carriers (DHL, Royal Mail, UPS, FedEx) behind one label API: labels for outbound parcels and returns, idempotent by
/// key (a retried call returns the same label), a label service that is down now and then for returns, P.O. boxes refused,
/// and transit times with each carrier's share of late deliveries.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SimulatedCarrier(SimulationSettings settings) : ICarrierGateway
{
    private readonly Lock _gate = new();
    private readonly Chance _chance = new(settings.Seed);
    private readonly Dictionary<string, ShippingLabel> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);

    /// <summary>Share of deliveries that arrive after the promise, per carrier.</summary>
    private static double LateShare(string carrier) => carrier switch
    {
        "dhl" => 0.06,
        "royal-mail" => 0.12,
        "ups" => 0.05,
        "fedex" => 0.09,
        _ => 0.10,
    };

    /// <summary>Labels made (outbound and returns).</summary>
    public int Labels
    {
        get { lock (_gate) return _labels.Count; }
    }

    /// <summary>Label calls that failed.</summary>
    public int Failures { get; private set; }

    /// <summary>True when the carrier delivers to the address (carriers here refuse P.O. boxes).</summary>
    public static bool Accepts(Address address) =>
        !address.Lines.Any(l => l.Contains("P.O. Box", StringComparison.OrdinalIgnoreCase) || l.Contains("PO Box", StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public ValueTask<ShippingLabel> CreateLabelAsync(LabelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (_labels.TryGetValue(request.IdempotencyKey, out var made)) return ValueTask.FromResult(made);
            var attempt = _attempts[request.IdempotencyKey] = _attempts.GetValueOrDefault(request.IdempotencyKey) + 1;
            var isReturn = request.Carrier == "returns";
            if (isReturn && _chance.Roll(0.03, "label-down", request.IdempotencyKey, attempt))
            {
                Failures++;
                throw new HttpRequestException("label service answered 503 Service Unavailable");
            }
            var carrier = isReturn ? (request.To.Country is "US" or "CA" ? "ups" : "dhl") : request.Carrier;
            var number = _numbers[carrier] = _numbers.GetValueOrDefault(carrier) + 1;
            var tracking = carrier.ToUpperInvariant()[..2] + (isReturn ? "R" : "") + number.ToString("D9", CultureInfo.InvariantCulture);
            var label = new ShippingLabel(carrier, tracking, $"https://labels.{carrier}.example/{tracking}.pdf");
            _labels[request.IdempotencyKey] = label;
            return ValueTask.FromResult(label);
        }
    }

    /// <summary>Plans the delivery of a parcel handed to <paramref name="carrier"/> at <paramref name="site"/> at <paramref name="dispatchedAt"/>.</summary>
    public DeliveryPlan PlanDelivery(string carrier, Site site, int transitDays, Instant dispatchedAt, string parcel)
    {
        var zone = site.Location.TimeZone;
        var calendar = site.Location.Calendar;
        var promised = calendar.AddWorkingDays(dispatchedAt.InZone(zone).Date, transitDays);
        var expectedBy = promised.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        var day = promised;
        if (_chance.Roll(LateShare(carrier), "late", parcel)) day = calendar.AddWorkingDays(day, _chance.Between(1, 2, "late-days", parcel));
        var outForDelivery = zone.AtLeniently(day.At(new LocalTime(7, 30))).ToInstant();
        var delivered = zone.AtLeniently(day.At(new LocalTime(9, 0))).ToInstant() + Duration.FromMinutes(_chance.Between(0, 600, "drop", parcel));
        return new DeliveryPlan(expectedBy, outForDelivery, delivered);
    }
}
