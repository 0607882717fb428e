using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using OrderRouting.Ports;
using OrderRouting.Returns;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Returns;

/// <summary>
/// The physical side of returns and the people at the returns desk. As the warehouse's inbound notifier it learns that a
/// return is on its way and plays the customer's and carrier's part (the parcel is sent, scanned, received — sometimes
/// short, sometimes received before its scan, sometimes never sent); the desk inspects what arrives and resolves it by
/// refund, store credit or exchange; operators review returns the policy did not authorise; whatever failed (a label, a
/// declined refund, a notification) is retried.
/// </summary>
/// <remarks>Runs on the simulation's driver; not meant for concurrent use.</remarks>
internal sealed class ReturnsDesk(Agenda agenda, SimulatedClock clock, SimulationSettings settings, IServiceProvider services) : IInboundReturnNotifier
{
    private readonly Chance _chance = new(settings.Seed);
    private readonly HashSet<string> _notices = new(StringComparer.Ordinal);
    private readonly Dictionary<ReturnId, int> _retries = new();

    private ReturnsService Returns => services.GetRequiredService<ReturnsService>();

    /// <summary>Returns whose customer never sent the parcel.</summary>
    public int NeverSent { get; private set; }

    /// <summary>Resolutions completed or submitted, per kind.</summary>
    public SortedDictionary<string, int> Resolutions { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask NotifyAsync(InboundReturnNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (!_notices.Add(notice.IdempotencyKey)) return ValueTask.CompletedTask;
        var now = clock.GetCurrentInstant();
        var key = notice.Return.Value;
        if (_chance.Roll(0.05, "never-sent", key))
        {
            NeverSent++;
            agenda.At(now + Duration.FromDays(15), async () =>
            {
                await Returns.ExpireOverdueAsync().ConfigureAwait(false);
                // Expiry ends the return, but what failed before it (a notification, say) is still owed: retry it.
                await Call(notice.Return, Returns.RetryAsync(notice.Return)).ConfigureAwait(false);
            });
            return ValueTask.CompletedTask;
        }
        var sentAt = now + Duration.FromHours(_chance.Between(12, 120, "sent", key));
        var receivedAt = sentAt + Duration.FromHours(_chance.Between(24, 96, "transit", key));
        var scan = new CarrierScan("scan-" + notice.TrackingNumber, notice.Return, "dhl", notice.TrackingNumber, sentAt);
        var scanLate = _chance.Roll(0.10, "scan-late", key);
        agenda.At(scanLate ? receivedAt + Duration.FromHours(3) : sentAt, async () => await Call(notice.Return, Returns.RecordScanAsync(scan)));
        if (_chance.Roll(0.10, "scan-twice", key)) agenda.At(sentAt + Duration.FromHours(2), async () => await Call(notice.Return, Returns.RecordScanAsync(scan)));
        agenda.At(receivedAt, () => ReceiveAsync(notice));
        return ValueTask.CompletedTask;
    }

    /// <summary>An operator looks at a return the policy left for review: most are authorised, some rejected.</summary>
    public void Review(ReturnId id)
    {
        if (Returns.Find(id) is not { State: ReturnState.Requested }) return;
        var at = clock.GetCurrentInstant() + Duration.FromHours(_chance.Between(2, 20, "review", id.Value));
        agenda.At(at, async () => await (_chance.Roll(0.9, "review-ok", id.Value)
            ? Call(id, Returns.AuthoriseAsync(id, "operator:returns-desk", "checked photos"))
            : Call(id, Returns.RejectAsync(id, "operator:returns-desk", "the item shows heavy use"))));
    }

    /// <summary>Reacts to a return's transition: a failed label is tried again half an hour later.</summary>
    public void OnTransition(ReturnEvent transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        if (transition.To == ReturnState.LabelFailed)
            agenda.At(clock.GetCurrentInstant() + Duration.FromMinutes(30), async () => await Call(transition.Return, Returns.RetryAsync(transition.Return)));
    }

    /// <summary>A payment provider's callback for a pending refund.</summary>
    public async ValueTask ConfirmRefundAsync(RefundConfirmation confirmation) => await Call(confirmation.Return, Returns.ConfirmRefundAsync(confirmation)).ConfigureAwait(false);

    private async ValueTask ReceiveAsync(InboundReturnNotice notice)
    {
        if (Returns.Find(notice.Return) is not { } snapshot) return;
        var key = notice.Return.Value;
        var lines = snapshot.Lines.Select(l => new ReturnedLine(l.LineId, l.Requested)).ToList();
        var shortLine = lines.FindIndex(l => l.Quantity > 1);
        if (shortLine >= 0 && _chance.Roll(0.05, "receipt-short", key)) lines[shortLine] = lines[shortLine] with { Quantity = lines[shortLine].Quantity - 1 };
        var result = await Call(notice.Return, Returns.RecordReceiptAsync(new WarehouseReceipt("grn-" + key, notice.Return, notice.Location, lines))).ConfigureAwait(false);
        if (result?.State is ReturnState.Received or ReturnState.PartiallyReceived)
            agenda.At(clock.GetCurrentInstant() + Duration.FromHours(_chance.Between(2, 30, "inspect", key)), () => InspectAsync(notice.Return));
    }

    private async ValueTask InspectAsync(ReturnId id)
    {
        if (Returns.Find(id) is not { } snapshot) return;
        var inspections = new List<LineInspection>();
        foreach (var line in snapshot.Lines.Where(l => l.Received > 0))
        {
            var roll = _chance.Unit("inspection", id.Value + "/" + line.LineId);
            var faulty = snapshot.ReasonCode is "damaged" or "defective";
            var outcome = roll < 0.03 ? InspectionOutcome.WrongItem : roll < (faulty ? 0.8 : 0.12) ? InspectionOutcome.Damaged : InspectionOutcome.Resellable;
            inspections.Add(new LineInspection(line.LineId, outcome, line.Received));
        }
        var result = await Call(id, Returns.InspectAsync(id, inspections, "inspector:" + snapshot.Destination?.Location)).ConfigureAwait(false);
        if (result?.State == ReturnState.Inspected) await ResolveAsync(id, first: true).ConfigureAwait(false);
    }

    private async ValueTask ResolveAsync(ReturnId id, bool first)
    {
        if (Returns.Find(id) is not { } snapshot) return;
        var resolution = first ? Choose(snapshot) : ReturnResolution.StoreCredit;
        var result = await Call(id, Returns.ResolveAsync(id, resolution, first ? "customer" : "operator:returns-desk")).ConfigureAwait(false);
        if (result is null) return;
        if (result.State == ReturnState.ResolutionFailed)
        {
            agenda.At(clock.GetCurrentInstant() + Duration.FromDays(1), () => ResolveAsync(id, first: false));
            return;
        }
        if (result.Outcome == ReturnOutcome.Refused && resolution.Kind == ResolutionKind.Exchange)
        {
            await Call(id, Returns.ResolveAsync(id, ReturnResolution.Refund, "customer")).ConfigureAwait(false);
            resolution = ReturnResolution.Refund;
        }
        var kind = resolution.Kind.ToString();
        Resolutions[kind] = Resolutions.GetValueOrDefault(kind) + 1;
    }

    /// <summary>The customer's choice: another size for a wrong size (when the product has one), else mostly a refund.</summary>
    private ReturnResolution Choose(ReturnSnapshot snapshot)
    {
        var key = snapshot.Id.Value;
        if (snapshot.ReasonCode == "wrong-size" && _chance.Roll(0.6, "exchange", key))
        {
            var lines = new List<ExchangeLine>();
            foreach (var line in snapshot.Lines.Where(l => l.Resellable + l.Damaged > 0))
            {
                var product = SampleWorld.ProductOf(line.Sku);
                var other = SampleWorld.Catalogue.FirstOrDefault(p => p.Family == product.Family && p.Sku != product.Sku);
                if (other is not null) lines.Add(new ExchangeLine(line.LineId, other.Sku, line.Resellable + line.Damaged));
            }
            if (lines.Count > 0) return ReturnResolution.Exchange(lines);
        }
        return _chance.Roll(0.15, "store-credit", key) ? ReturnResolution.StoreCredit : ReturnResolution.Refund;
    }

    /// <summary>Runs a returns command; if side effects stayed pending (a notification that failed), retries them later.</summary>
    private async ValueTask<ReturnResult?> Call(ReturnId id, ValueTask<ReturnResult> command)
    {
        var result = await command.ConfigureAwait(false);
        if (Returns.Find(id) is { PendingEffects.Count: > 0 } && _retries.GetValueOrDefault(id) < 20)
        {
            _retries[id] = _retries.GetValueOrDefault(id) + 1;
            agenda.At(clock.GetCurrentInstant() + Duration.FromMinutes(15), async () => await Call(id, Returns.RetryAsync(id)));
        }
        return result;
    }
}
