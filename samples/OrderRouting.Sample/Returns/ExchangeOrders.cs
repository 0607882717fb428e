using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OrderRouting.Lifecycle;
using OrderRouting.Orders;
using OrderRouting.Returns;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Returns;

/// <summary>
/// Places exchange orders by feeding them back into the order intake a minute later, where they are routed like any
/// other order: replacement lines at no charge, to the original ship-to, on the original channel. Idempotent by key.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ExchangeOrders(Agenda agenda, SimulatedClock clock, IServiceProvider services) : IExchangeOrderGateway
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ExchangePlacement> _placed = new(StringComparer.Ordinal);

    /// <summary>Exchange orders placed.</summary>
    public int Placed
    {
        get { lock (_gate) return _placed.Count; }
    }

    /// <inheritdoc />
    public ValueTask<ExchangePlacement> PlaceAsync(ExchangeOrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (_placed.TryGetValue(request.IdempotencyKey, out var earlier)) return ValueTask.FromResult(earlier);
            var original = request.OriginalOrder;
            var currency = original.Lines[0].UnitPrice.Currency;
            var now = clock.GetCurrentInstant();
            var order = new Order
            {
                Id = OrderId.Of("exchange-" + request.Rma), Channel = original.Channel, ExternalId = "exchange-" + request.Rma,
                PlacedAt = now, ShipTo = original.ShipTo, CustomerContact = original.CustomerContact,
                Lines = request.Lines.Select((l, i) => new OrderLine((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), l.Replacement, l.Quantity,
                    Money.Zero(currency), SampleWorld.ProductOf(l.Replacement).Handling)).ToArray(),
                ChannelAttributes = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["exchange.rma"] = request.Rma, ["exchange.original"] = original.Id.Value },
            };
            var placed = ExchangePlacement.Success(order.Id);
            _placed[request.IdempotencyKey] = placed;
            agenda.At(now + Duration.FromMinutes(1), async () => await services.GetRequiredService<OrderLifecycle>().IngestAsync(order).ConfigureAwait(false));
            return ValueTask.FromResult(placed);
        }
    }
}
