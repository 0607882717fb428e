using System.Reactive.Concurrency;
using OrderRouting.Connectors;
using OrderRouting.Inventory.Ledger;

namespace OrderRouting.Inventory.Availability;

/// <summary>
/// Pushes what each sales channel may sell to that channel (<see cref="ISalesChannel.PublishStockAsync"/>), fed by the
/// ledger's <see cref="StockLedger.AvailabilityChanges"/>. Levels are kept per (channel, SKU), latest value wins, and
/// sent as one batch per channel holding only the SKUs that changed since the last accepted batch, in SKU order.
/// A channel that throws keeps its levels for the next attempt, so nothing is lost and nothing older overwrites
/// something newer.
/// </summary>
/// <remarks>
/// <para>Two modes. Constructed with a scheduler, the publisher pushes by itself: shortly after the ledger publishes
/// a coalesced batch of changes, and again after <see cref="RetryDelay"/> when a channel failed. Without one, the host
/// calls <see cref="PublishAsync"/> on its own schedule. <c>AddInventory</c> registers it in the first mode for
/// every registered <see cref="ISalesChannel"/> (see <see cref="InventoryOptions.PushChannelStock"/>).</para>
/// <para>Thread-safe. Publications never overlap: one batch per channel at a time.</para>
/// </remarks>
public sealed class ChannelStockPublisher : IChannelAvailabilitySink, IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly StockLedger _ledger;
    private readonly ISalesChannel[] _channels;
    private readonly Dictionary<ChannelId, SortedDictionary<Sku, int>> _pending = [];
    private readonly IScheduler? _scheduler;
    private readonly IDisposable _subscription;
    private bool _scheduled;
    private bool _disposed;

    /// <summary>Creates the publisher and subscribes it to the ledger's availability changes.</summary>
    /// <param name="ledger">The ledger whose channel availability is published.</param>
    /// <param name="channels">The channels to publish to; each must be one of the ledger's configured channels
    /// (<see cref="InventoryOptions.Channels"/>).</param>
    /// <param name="scheduler">Where automatic publications run, e.g. <see cref="DefaultScheduler.Instance"/>; null for none
    /// (the host calls <see cref="PublishAsync"/>). It must not run work inline on the calling thread.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ledger"/> or <paramref name="channels"/> is null.</exception>
    /// <exception cref="ArgumentException">A channel is not configured in the ledger, two channels share an id, or the
    /// scheduler runs work inline (<see cref="ImmediateScheduler"/>, <see cref="CurrentThreadScheduler"/>): a publication
    /// would then run inside the ledger's feed.</exception>
    public ChannelStockPublisher(StockLedger ledger, IEnumerable<ISalesChannel> channels, IScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(channels);
        _ledger = ledger;
        _channels = [.. channels.OrderBy(c => c.Channel)];
        var configured = ledger.Channels.Select(c => c.Channel).ToHashSet();
        foreach (var channel in _channels)
        {
            if (!configured.Contains(channel.Channel))
                throw new ArgumentException($"The sales channel {channel.Channel} is not one of the ledger's channels (InventoryOptions.Channels), so the ledger computes no availability for it.", nameof(channels));
            if (!_pending.TryAdd(channel.Channel, []))
                throw new ArgumentException($"Two sales channels have the id {channel.Channel}.", nameof(channels));
        }
        if (scheduler is ImmediateScheduler or CurrentThreadScheduler)
            throw new ArgumentException("The scheduler runs work inline; use one that runs it on another thread (e.g. DefaultScheduler.Instance).", nameof(scheduler));
        _scheduler = scheduler;
        _subscription = ledger.AvailabilityChanges.Subscribe(OnAvailabilityChanged, Dispose);
    }

    /// <summary>How long an automatic publisher waits before trying a failed channel again.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The channels published to, in id order.</summary>
    public IReadOnlyList<ISalesChannel> Channels => _channels;

    /// <summary>How many (channel, SKU) levels wait to be published.</summary>
    public int PendingLevels
    {
        get { lock (_gate) return _pending.Values.Sum(static p => p.Count); }
    }

    /// <inheritdoc />
    /// <remarks>Called by the ledger's feed; records the level and, in automatic mode, schedules a publication.</remarks>
    public void OnAvailabilityChanged(ChannelAvailabilityChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            if (_disposed || !_pending.TryGetValue(change.Channel, out var levels)) return;
            levels[change.Sku] = change.Available;
        }
        Schedule(TimeSpan.Zero);
    }

    /// <summary>
    /// Queues the current level of every SKU in <paramref name="skus"/> for every channel, whether it changed or not:
    /// a full resynchronisation, e.g. at start-up or after a channel lost its data.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="skus"/> is null.</exception>
    public void QueueAll(IEnumerable<Sku> skus)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var all = skus.ToArray();
        lock (_gate)
        {
            foreach (var channel in _channels)
            {
                var levels = _pending[channel.Channel];
                foreach (var sku in all) levels[sku] = _ledger.GetChannelAvailability(channel.Channel, sku);
            }
        }
        Schedule(TimeSpan.Zero);
    }

    /// <summary>
    /// Collects the ledger's changes gathered so far (<see cref="StockLedger.PublishAvailability"/>), then sends each
    /// channel, in id order, its pending levels as one batch. A level is forgotten only when its channel accepted it
    /// and no newer value arrived meanwhile.
    /// </summary>
    /// <returns>How many levels were accepted, and the channels that failed (their levels stay pending).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; what was not sent stays pending.</exception>
    /// <remarks>After <see cref="Dispose"/> (or the ledger's), nothing is sent and nothing is accepted.</remarks>
    public async ValueTask<StockPublication> PublishAsync(CancellationToken cancellationToken = default)
    {
        _ledger.PublishAvailability();
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                _scheduled = false; // changes from now on need another run; earlier ones are in this one
                if (_disposed) return new StockPublication(0, []);
            }
            var accepted = 0;
            List<ChannelPublishFailure>? failures = null;
            foreach (var channel in _channels)
            {
                ChannelStockLevel[] batch;
                lock (_gate)
                {
                    var levels = _pending[channel.Channel];
                    if (levels.Count == 0) continue;
                    batch = [.. levels.Select(static l => new ChannelStockLevel(l.Key, l.Value))];
                }
                try
                {
                    await channel.PublishStockAsync(batch, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    (failures ??= []).Add(new ChannelPublishFailure(channel.Channel, error.Message));
                    continue;
                }
                lock (_gate)
                {
                    var levels = _pending[channel.Channel];
                    foreach (var level in batch)
                        if (levels.TryGetValue(level.Sku, out var latest) && latest == level.Sellable) levels.Remove(level.Sku);
                }
                accepted += batch.Length;
            }
            if (failures is not null) Schedule(RetryDelay);
            return new StockPublication(accepted, failures ?? (IReadOnlyList<ChannelPublishFailure>)[]);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Stops listening to the ledger and stops automatic publications. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _subscription.Dispose();
    }

    private void Schedule(TimeSpan delay)
    {
        if (_scheduler is null) return;
        lock (_gate)
        {
            if (_scheduled || _disposed) return;
            _scheduled = true;
        }
        _scheduler.Schedule(delay, () => _ = PublishScheduled());
    }

    private async Task PublishScheduled()
    {
        try
        {
            await PublishAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Nothing to report to: another subscriber of the ledger's feed threw, say. The levels stay pending.
            lock (_gate) _scheduled = false;
            Schedule(RetryDelay);
        }
    }
}

/// <summary>What one <see cref="ChannelStockPublisher.PublishAsync"/> call achieved.</summary>
/// <param name="Accepted">Levels the channels accepted.</param>
/// <param name="Failures">Channels that threw; their levels stay pending.</param>
public sealed record StockPublication(int Accepted, IReadOnlyList<ChannelPublishFailure> Failures);

/// <summary>A channel that refused a batch of stock levels.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Reason">The exception's message.</param>
public sealed record ChannelPublishFailure(ChannelId Channel, string Reason);
