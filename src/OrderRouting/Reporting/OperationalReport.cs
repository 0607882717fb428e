using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrderRouting.Events;
using OrderRouting.Lifecycle;

namespace OrderRouting.Reporting;

/// <summary>
/// The operational report: fill rate, split-shipment rate, average shipping cost, fulfilment time by location,
/// returns rates, carrier on-time rates, exceptions by cause, and the shadow planner's comparison. A pure function of
/// an event sequence (<see cref="From"/>): the same events give the same report, byte for byte in <see cref="ToJson"/>.
/// </summary>
/// <remarks>Immutable and thread-safe. Rates are fractions in [0, 1]; every figure is rounded to 4 decimals; keyed
/// figures are sorted by key (ordinal). A rate with nothing to count is 0.</remarks>
public sealed record OperationalReport
{
    /// <summary>Orders received (acknowledged; duplicates not counted).</summary>
    public required int Orders { get; init; }

    /// <summary>Orders that reached <see cref="OrderState.Delivered"/>.</summary>
    public required int Delivered { get; init; }

    /// <summary>Orders that reached <see cref="OrderState.Cancelled"/>.</summary>
    public required int Cancelled { get; init; }

    /// <summary>Order fill rate: the share of routed orders whose first routing held every unit (nothing backordered).</summary>
    public required double FillRate { get; init; }

    /// <summary>Split-shipment rate: the share of routed orders whose first routing needed more than one shipment.</summary>
    public required double SplitRate { get; init; }

    /// <summary>The planned shipping cost of the dispatched shipments, per order with at least one dispatched shipment.</summary>
    public required double AverageShippingCost { get; init; }

    /// <summary>Placed → dispatched, per shipping location.</summary>
    public required IReadOnlyDictionary<string, FulfilmentTime> FulfilmentTimeByLocation { get; init; }

    /// <summary>Per SKU: units asked back (returns and cancellations after dispatch) over units dispatched.</summary>
    public required IReadOnlyDictionary<string, double> ReturnsRateByProduct { get; init; }

    /// <summary>Per channel: orders with a return request over orders with a dispatched shipment.</summary>
    public required IReadOnlyDictionary<string, double> ReturnsRateByChannel { get; init; }

    /// <summary>Per carrier: deliveries by the carrier's promise over deliveries that had a promise.</summary>
    public required IReadOnlyDictionary<string, double> CarrierOnTimeRate { get; init; }

    /// <summary>Exceptions flagged, per cause.</summary>
    public required IReadOnlyDictionary<string, int> ExceptionsByCause { get; init; }

    /// <summary>The shadow planner beside the live one; null when no shadow planner ran.</summary>
    public ShadowComparison? Shadow { get; init; }

    /// <summary>Folds an event sequence into the report. Pure: no clock, no I/O, no dependence on hash order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    public static OperationalReport From(IEnumerable<OrderEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var fold = new ReportFold();
        foreach (var e in events) fold.Add(e);
        return fold.ToReport();
    }

    /// <summary>The report as indented JSON with camel-case names (<c>fillRate</c>, <c>splitRate</c>, ...), keys sorted.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };
}

/// <summary>Fulfilment time (placed → dispatched) at one location.</summary>
/// <param name="Shipments">Shipments dispatched from it.</param>
/// <param name="AverageHours">The mean, in hours.</param>
/// <param name="MaxHours">The longest, in hours.</param>
public sealed record FulfilmentTime(int Shipments, double AverageHours, double MaxHours);

/// <summary>The live and the shadow planner on the same orders (first routings only).</summary>
/// <param name="Orders">Orders both planned.</param>
/// <param name="LiveAverageCost">The live plans' mean shipping cost.</param>
/// <param name="ShadowAverageCost">The shadow plans' mean shipping cost.</param>
/// <param name="LiveSplitRate">Share of live plans with more than one shipment.</param>
/// <param name="ShadowSplitRate">Share of shadow plans with more than one shipment.</param>
/// <param name="LiveFillRate">Share of live plans that placed every unit.</param>
/// <param name="ShadowFillRate">Share of shadow plans that placed every unit.</param>
/// <param name="AveragePromiseDifferenceHours">Shadow promise minus live promise, in hours, over orders where both promised (negative: the shadow promises earlier).</param>
/// <param name="ShadowCheaper">Orders where the shadow plan was cheaper.</param>
public sealed record ShadowComparison(
    int Orders, double LiveAverageCost, double ShadowAverageCost, double LiveSplitRate, double ShadowSplitRate,
    double LiveFillRate, double ShadowFillRate, double AveragePromiseDifferenceHours, int ShadowCheaper);
