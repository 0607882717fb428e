using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using OrderRouting.Simulator.Scenarios;

namespace OrderRouting.Simulator.Results;

/// <summary>
/// Writes the simulator's result JSON (<c>{ "orders": [...], "totals": {...} }</c>) as a stream: each order is
/// written as soon as it is routed, so memory does not grow with the number of orders. Doubles are written in
/// their shortest round-trip form, dates as <c>yyyy-MM-dd</c>, an unknown distance as <c>null</c>.
/// </summary>
/// <remarks>Not thread-safe. Call <see cref="WriteOrder"/> for each order, then <see cref="Complete"/> once.</remarks>
public sealed class ResultWriter : IDisposable
{
    private static readonly JsonEncodedText OrdersName = JsonEncodedText.Encode("orders");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText OutcomeName = JsonEncodedText.Encode("outcome");
    private static readonly JsonEncodedText ShipmentsName = JsonEncodedText.Encode("shipments");
    private static readonly JsonEncodedText LocationName = JsonEncodedText.Encode("location");
    private static readonly JsonEncodedText CarrierName = JsonEncodedText.Encode("carrier");
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText LinesName = JsonEncodedText.Encode("lines");
    private static readonly JsonEncodedText SkuName = JsonEncodedText.Encode("sku");
    private static readonly JsonEncodedText QuantityName = JsonEncodedText.Encode("quantity");
    private static readonly JsonEncodedText DistanceName = JsonEncodedText.Encode("distanceKm");
    private static readonly JsonEncodedText CostName = JsonEncodedText.Encode("cost");
    private static readonly JsonEncodedText DispatchName = JsonEncodedText.Encode("dispatchDate");
    private static readonly JsonEncodedText DeliveryName = JsonEncodedText.Encode("promisedDelivery");
    private static readonly JsonEncodedText UnallocatedName = JsonEncodedText.Encode("unallocated");
    private static readonly JsonEncodedText[] Outcomes =
        [JsonEncodedText.Encode("routed"), JsonEncodedText.Encode("partial"), JsonEncodedText.Encode("unfulfillable")];

    private readonly Utf8JsonWriter _json;
    private bool _completed;

    /// <summary>Starts the document on <paramref name="output"/> (UTF-8; the stream is not closed).</summary>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="indented">Whether to indent (for people); compact otherwise.</param>
    public ResultWriter(Stream output, bool indented = true)
    {
        _json = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        });
        _json.WriteStartObject();
        _json.WriteStartArray(OrdersName);
    }

    /// <summary>The totals of the orders written so far.</summary>
    public ResultTotals Totals { get; } = new();

    /// <summary>Writes one order's result and adds it to <see cref="Totals"/>.</summary>
    /// <param name="result">The order's result.</param>
    /// <param name="orderedUnits">The units the order asked for (for <c>totals.units</c>).</param>
    /// <exception cref="InvalidOperationException">After <see cref="Complete"/>.</exception>
    public void WriteOrder(OrderResult result, long orderedUnits)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_completed) throw new InvalidOperationException("The result is complete; no order can be added.");
        Totals.Add(result, orderedUnits);

        _json.WriteStartObject();
        _json.WriteString(IdName, result.Id);
        _json.WriteString(OutcomeName, Outcomes[(int)result.Outcome]);
        _json.WriteStartArray(ShipmentsName);
        foreach (var shipment in result.Shipments)
        {
            _json.WriteStartObject();
            _json.WriteString(LocationName, shipment.Location);
            _json.WriteString(CarrierName, shipment.Carrier);
            _json.WriteString(ServiceName, shipment.Service);
            WriteLines(LinesName, shipment.Lines);
            if (shipment.DistanceKm is { } km) _json.WriteNumber(DistanceName, km);
            else _json.WriteNull(DistanceName);
            _json.WriteNumber(CostName, shipment.Cost);
            WriteDate(DispatchName, shipment.DispatchDate);
            WriteDate(DeliveryName, shipment.PromisedDelivery);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        WriteLines(UnallocatedName, result.Unallocated);
        _json.WriteEndObject();
        if (_json.BytesPending > 32 * 1024) _json.Flush();
    }

    /// <summary>Writes the totals, closes the document and flushes it. Idempotent.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        _json.WriteEndArray();
        _json.WriteStartObject("totals");
        _json.WriteNumber("orders", Totals.Orders);
        _json.WriteNumber("routed", Totals.Routed);
        _json.WriteNumber("partial", Totals.Partial);
        _json.WriteNumber("unfulfillable", Totals.Unfulfillable);
        _json.WriteNumber("units", Totals.Units);
        _json.WriteNumber("unitsAllocated", Totals.UnitsAllocated);
        _json.WriteNumber("shipments", Totals.Shipments);
        _json.WriteNumber("cost", Totals.Cost);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
    }

    /// <summary>Flushes what was written; does not complete the document.</summary>
    public void Dispose() => _json.Dispose();

    private void WriteLines(JsonEncodedText name, IReadOnlyList<ScenarioLine> lines)
    {
        _json.WriteStartArray(name);
        for (var i = 0; i < lines.Count; i++)
        {
            _json.WriteStartObject();
            _json.WriteString(SkuName, lines[i].Sku);
            _json.WriteNumber(QuantityName, lines[i].Quantity);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
    }

    private void WriteDate(JsonEncodedText name, LocalDate date)
    {
        Span<char> text = stackalloc char[10];
        FormatDate(date, text);
        _json.WriteString(name, text);
    }

    /// <summary>Formats <c>yyyy-MM-dd</c> (years 1 to 9999) without allocating.</summary>
    internal static void FormatDate(LocalDate date, Span<char> text)
    {
        Digits(text[..4], date.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), date.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), date.Day);

        static void Digits(Span<char> into, int value)
        {
            for (var i = into.Length - 1; i >= 0; i--)
            {
                into[i] = (char)('0' + value % 10);
                value /= 10;
            }
        }
    }
}
