namespace OrderRouting.Lifecycle;

/// <summary>
/// Where the lifecycle keeps its orders. A change is acknowledged to the caller only after the store took it, so a
/// host restart (a new <see cref="OrderLifecycle"/> over the same store) loses nothing that was acknowledged.
/// </summary>
/// <remarks>Implementations must be safe to call from many threads. <see cref="InMemoryOrderStore"/> is the in-memory one.</remarks>
public interface IOrderStore
{
    /// <summary>Adds a new order unless one with the same (channel, external id), or with the same id, exists.</summary>
    /// <returns><paramref name="order"/> when it was added; otherwise the earlier order with that (channel, external id),
    /// or else the order that already has its id (then nothing is recorded for the new order's key, so the same channel
    /// order sent again with an id of its own is added).</returns>
    TrackedOrder AddIfAbsent(TrackedOrder order);

    /// <summary>Replaces a stored order by a newer version of it.</summary>
    /// <exception cref="InvalidOperationException">No order with that id is stored, or the stored version is not <c>order.Version - 1</c>.</exception>
    void Update(TrackedOrder order);

    /// <summary>The order with that id, or null.</summary>
    TrackedOrder? Find(OrderId id);

    /// <summary>Every order not yet settled (not terminal, or with effects still to deliver), in no particular order.</summary>
    IEnumerable<TrackedOrder> Unsettled();
}

/// <summary>An <see cref="IOrderStore"/> in memory: survives a new <see cref="OrderLifecycle"/> in the same process, not a process restart.</summary>
/// <remarks>Thread-safe: one short lock around two dictionaries. (Cheaper than concurrent dictionaries here: the
/// lifecycle already serialises its writes, so the lock is almost never contended, and an update is one lookup and
/// one store.)</remarks>
public sealed class InMemoryOrderStore : IOrderStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<OrderId, TrackedOrder> _orders;
    private readonly Dictionary<(ChannelId, string), OrderId> _byChannel;

    /// <summary>Creates an empty store whose tables start small and grow as orders arrive.</summary>
    public InMemoryOrderStore()
        : this(0)
    {
    }

    /// <summary>Creates an empty store sized for <paramref name="capacity"/> orders, so that its tables do not grow
    /// (copying themselves) while they fill; more orders are fine.</summary>
    /// <param name="capacity">How many orders the host expects to keep, e.g. a day's; at most
    /// <see cref="MaxCapacity"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative or above
    /// <see cref="MaxCapacity"/>.</exception>
    public InMemoryOrderStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _orders = new Dictionary<OrderId, TrackedOrder>(capacity);
        _byChannel = new Dictionary<(ChannelId, string), OrderId>(capacity);
    }

    /// <summary>The largest capacity accepted: 50,000,000 orders (the tables alone would take gigabytes from the start).</summary>
    public const int MaxCapacity = 50_000_000;

    /// <summary>How many orders are stored.</summary>
    public int Count
    {
        get { lock (_lock) return _orders.Count; }
    }

    /// <inheritdoc />
    public TrackedOrder AddIfAbsent(TrackedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_lock)
        {
            var key = (order.Order.Channel, order.Order.ExternalId);
            if (_byChannel.TryGetValue(key, out var id)) return _orders[id]; // the same channel order again
            if (_orders.TryGetValue(order.Id, out var other)) return other;  // its id is another order's: not stored, key not taken
            _byChannel.Add(key, order.Id);
            _orders.Add(order.Id, order);
            return order;
        }
    }

    /// <inheritdoc />
    public void Update(TrackedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_lock)
        {
            if (!_orders.TryGetValue(order.Id, out var stored))
                throw new InvalidOperationException($"order {order.Id} is not stored");
            if (stored.Version != order.Version - 1)
                throw new InvalidOperationException($"order {order.Id}: version {order.Version} does not follow the stored version {stored.Version}");
            _orders[order.Id] = order;
        }
    }

    /// <inheritdoc />
    public TrackedOrder? Find(OrderId id)
    {
        lock (_lock) return _orders.GetValueOrDefault(id);
    }

    /// <inheritdoc />
    /// <remarks>A snapshot taken under the lock.</remarks>
    public IEnumerable<TrackedOrder> Unsettled()
    {
        lock (_lock) return _orders.Values.Where(static o => !o.IsSettled).ToArray();
    }
}
