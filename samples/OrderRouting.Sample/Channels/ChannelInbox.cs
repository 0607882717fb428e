using OrderRouting.Connectors;
using OrderRouting.Orders;

namespace OrderRouting.Sample.Channels;

/// <summary>
/// A sales channel connector: raw payloads arrive (webhooks, poll responses, uploaded files) and are mapped to the
/// canonical <see cref="Order"/> when the lifecycle polls. A payload that cannot be read is counted and skipped, the
/// way a real connector would dead-letter it; the channel's stock levels are kept as last published
/// (each batch from the ledger's <c>ChannelStockPublisher</c> carries only the SKUs that changed).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal abstract class ChannelInbox : ISalesChannel
{
    private readonly Lock _gate = new();
    private readonly Queue<string> _payloads = new();
    private readonly SortedDictionary<Sku, int> _published = [];

    /// <inheritdoc />
    public abstract ChannelId Channel { get; }

    /// <summary>Payloads that could not be read, with why.</summary>
    public List<string> DeadLetters { get; } = [];

    /// <summary>Payloads received so far.</summary>
    public int Payloads { get; private set; }

    /// <summary>How many batches of stock levels were published.</summary>
    public int Publications { get; private set; }

    /// <summary>What the storefront shows now: the latest level published for each SKU, in SKU order.</summary>
    public IReadOnlyList<ChannelStockLevel> Published
    {
        get { lock (_gate) return [.. _published.Select(static l => new ChannelStockLevel(l.Key, l.Value))]; }
    }

    /// <summary>A payload arrives (a webhook call, a poll response, an uploaded file).</summary>
    public void Deliver(string payload)
    {
        lock (_gate)
        {
            _payloads.Enqueue(payload);
            Payloads++;
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Order>> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var orders = new List<Order>();
        lock (_gate)
        {
            while (_payloads.TryDequeue(out var payload))
            {
                try
                {
                    orders.AddRange(Parse(payload));
                }
                catch (FormatException error)
                {
                    DeadLetters.Add(error.Message);
                }
            }
        }
        return ValueTask.FromResult<IReadOnlyList<Order>>(orders);
    }

    /// <inheritdoc />
    public ValueTask PublishStockAsync(IReadOnlyList<ChannelStockLevel> levels, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var level in levels) _published[level.Sku] = level.Sellable; // a batch carries only what changed
            Publications++;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Maps one payload to canonical orders.</summary>
    /// <exception cref="FormatException">The payload is not in the channel's format; the message says where.</exception>
    protected abstract IEnumerable<Order> Parse(string payload);

    /// <summary>The ship-to address, geocoded from the postal code when the channel sends no coordinates.</summary>
    protected static Address ShipTo(string country, string postalCode, GeoPoint? position, params string[] lines)
    {
        position ??= Simulation.SampleWorld.Geocode(country, postalCode)?.Position;
        try
        {
            return Address.Create(country, postalCode, position, lines.Where(l => l.Length > 0));
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"bad address {country} {postalCode}: {error.Message}", error);
        }
    }
}
