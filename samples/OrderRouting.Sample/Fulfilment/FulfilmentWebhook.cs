using Microsoft.Extensions.DependencyInjection;
using OrderRouting.Lifecycle;

namespace OrderRouting.Sample.Fulfilment;

/// <summary>
/// Where fulfilment providers' confirmations come in (in a real host: an HTTP endpoint per WMS/3PL): each is handed to
/// <see cref="OrderLifecycle.ConfirmAsync"/>, and the answers are counted. The lifecycle is resolved on first use, because
/// it depends on the providers that post here.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class FulfilmentWebhook(IServiceProvider services)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<LifecycleStatus, int> _answers = new();

    /// <summary>How many confirmations got each answer (accepted, duplicate, ...).</summary>
    public IReadOnlyDictionary<LifecycleStatus, int> Answers
    {
        get { lock (_gate) return new SortedDictionary<LifecycleStatus, int>(_answers); }
    }

    /// <summary>Every confirmation received, in arrival order (tests replay them).</summary>
    public List<FulfilmentConfirmation> Received { get; } = [];

    /// <summary>Takes one confirmation.</summary>
    public async ValueTask<LifecycleResult> ReceiveAsync(FulfilmentConfirmation confirmation)
    {
        lock (_gate) Received.Add(confirmation);
        var result = await services.GetRequiredService<OrderLifecycle>().ConfirmAsync(confirmation).ConfigureAwait(false);
        lock (_gate) _answers[result.Status] = _answers.GetValueOrDefault(result.Status) + 1;
        return result;
    }
}
