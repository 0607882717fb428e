using OrderRouting.Connectors;
using OrderRouting.Orders;
using OrderRouting.Ports;

namespace OrderRouting.Tests.Lifecycle.Support;

/// <summary>A fulfilment provider that records instructions and cancellations, and can refuse or fail on demand.</summary>
public sealed class RecordingFulfilment(params LocationId[] locations) : IFulfilmentProvider
{
    public IReadOnlyCollection<LocationId> Locations { get; } = locations;
    public List<FulfilmentInstruction> Instructions { get; } = [];
    public List<string> Cancelled { get; } = [];

    /// <summary>Decides the receipt per instruction; accepts when null.</summary>
    public Func<FulfilmentInstruction, FulfilmentReceipt>? Answer { get; set; }

    /// <summary>How many of the next calls throw.</summary>
    public int FailNext { get; set; }

    public ValueTask<FulfilmentReceipt> SubmitAsync(FulfilmentInstruction instruction, CancellationToken cancellationToken = default)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new IOException("WMS unreachable");
        }
        Instructions.Add(instruction);
        return ValueTask.FromResult(Answer?.Invoke(instruction) ?? FulfilmentReceipt.Accept);
    }

    public ValueTask CancelAsync(string shipment, CancellationToken cancellationToken = default)
    {
        Cancelled.Add(shipment);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A sink that deduplicates by key, as a real sink would: <see cref="Effects"/> is what the customer saw.</summary>
public sealed class RecordingSink : INotificationSink
{
    public List<CustomerNotification> Calls { get; } = [];
    public Dictionary<string, CustomerNotification> Effects { get; } = new(StringComparer.Ordinal);
    public int FailNext { get; set; }

    public ValueTask SendAsync(CustomerNotification notification, CancellationToken cancellationToken = default)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new IOException("mail server down");
        }
        Calls.Add(notification);
        Effects.TryAdd(notification.Key, notification);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A returns port that opens one return per key.</summary>
public sealed class RecordingReturns : IReturnsPort
{
    public Dictionary<string, ReturnOpening> Opened { get; } = new(StringComparer.Ordinal);

    public ValueTask<ReturnOpened> OpenAsync(ReturnOpening request, CancellationToken cancellationToken = default)
    {
        Opened.TryAdd(request.IdempotencyKey, request);
        return ValueTask.FromResult(new ReturnOpened(ReturnId.Of("RMA-" + request.IdempotencyKey.Replace(':', '-')), true, ""));
    }
}

/// <summary>A channel that hands out the orders queued on it.</summary>
public sealed class QueueChannel(ChannelId channel) : ISalesChannel
{
    public ChannelId Channel { get; } = channel;
    public Queue<Order> Pending { get; } = new();
    public List<ChannelStockLevel> Published { get; } = [];

    public ValueTask<IReadOnlyList<Order>> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var orders = Pending.ToArray();
        Pending.Clear();
        return ValueTask.FromResult<IReadOnlyList<Order>>(orders);
    }

    public ValueTask PublishStockAsync(IReadOnlyList<ChannelStockLevel> levels, CancellationToken cancellationToken = default)
    {
        Published.AddRange(levels);
        return ValueTask.CompletedTask;
    }
}
