using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OrderRouting.Returns;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Returns;

/// <summary>
/// The payment provider: refunds to the original payment complete at once, or are accepted and confirmed a day or
/// three later by a callback (sent twice now and then), or are declined (an expired card); store credit always
/// completes. Idempotent by key: a retried call gets the first answer and pays nothing twice.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SimulatedPayments(Agenda agenda, SimulatedClock clock, SimulationSettings settings, IServiceProvider services) : IRefundGateway
{
    private readonly Lock _gate = new();
    private readonly Chance _chance = new(settings.Seed);
    private readonly Dictionary<string, RefundSubmission> _answers = new(StringComparer.Ordinal);

    /// <summary>Money paid back per currency (refunds and store credit), each key once.</summary>
    public SortedDictionary<string, decimal> Paid { get; } = new(StringComparer.Ordinal);

    /// <summary>Refunds declined.</summary>
    public int Declined { get; private set; }

    /// <inheritdoc />
    public ValueTask<RefundSubmission> SubmitAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (_answers.TryGetValue(request.IdempotencyKey, out var earlier)) return ValueTask.FromResult(earlier);
            var reference = "PAY-" + (Chance.Fnv(request.IdempotencyKey) % 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
            var roll = _chance.Unit("refund", request.IdempotencyKey);
            RefundSubmission answer;
            if (request.Method == RefundMethod.StoreCredit || roll < 0.70) answer = RefundSubmission.Completed(reference);
            else if (roll < 0.95) answer = RefundSubmission.Pending(reference);
            else answer = RefundSubmission.Declined("card expired");
            _answers[request.IdempotencyKey] = answer;
            if (answer.Status == RefundSubmissionStatus.Declined) Declined++;
            else Paid[request.Amount.Currency.ToString()] = Paid.GetValueOrDefault(request.Amount.Currency.ToString()) + request.Amount.Amount;
            if (answer.Status == RefundSubmissionStatus.Pending)
            {
                var confirmAt = clock.GetCurrentInstant() + Duration.FromHours(_chance.Between(20, 72, "refund-confirm", request.IdempotencyKey));
                var confirmation = new RefundConfirmation("payments-" + reference, request.Return, true, reference);
                agenda.At(confirmAt, () => Confirm(confirmation));
                if (_chance.Roll(0.1, "refund-confirm-twice", request.IdempotencyKey))
                    agenda.At(confirmAt + Duration.FromMinutes(30), () => Confirm(confirmation));
            }
            return ValueTask.FromResult(answer);
        }
    }

    private async ValueTask Confirm(RefundConfirmation confirmation) =>
        await services.GetRequiredService<ReturnsDesk>().ConfirmRefundAsync(confirmation).ConfigureAwait(false);
}
