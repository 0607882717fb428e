using OrderRouting.Events;
using OrderRouting.Lifecycle;
using OrderRouting.Returns;
using OrderRouting.Sample.Simulation;

namespace OrderRouting.Sample.Tests;

/// <summary>Runs the sample in-process with its own notification file, and checks the invariants of a finished day.</summary>
internal static class SampleRun
{
    /// <summary>Settings for a small, fast day with a notification file of its own.</summary>
    public static SimulationSettings Small(int orders = 300, long seed = 1) =>
        new() { Orders = orders, Seed = seed, NotificationsPath = TempFile("notifications.jsonl") };

    public static Task<SimulationResult> RunAsync(SimulationSettings settings, Func<IServiceProvider, SimulationResult, Task>? inspect = null) =>
        SampleApp.SimulateAsync(settings, inspect: inspect);

    public static string TempFile(string name) =>
        Path.Combine(Path.GetTempPath(), "orderrouting-sample-tests", Guid.NewGuid().ToString("N"), name);

    /// <summary>Orders neither terminal (delivered, cancelled) nor carrying a flagged exception, or with effects never delivered.</summary>
    public static IEnumerable<string> UnfinishedOrders(SimulationResult result) =>
        result.Orders
            .Where(o => !(OrderStateMachine.IsTerminal(o.State) || o.OpenException is not null) ||
                        o.PendingNotifications.Count > 0 || o.PendingReturns.Count > 0 || o.PendingCancellations.Count > 0)
            .Select(o => $"{o.Id} is {o.State}, exception {o.OpenException?.Cause.ToString() ?? "none"}, outbox {o.PendingNotifications.Count + o.PendingReturns.Count + o.PendingCancellations.Count}");

    /// <summary>Returns not in a terminal state.</summary>
    public static IEnumerable<string> UnfinishedReturns(SimulationResult result) =>
        result.Returns.Where(r => !ReturnLifecycle.IsTerminal(r.State) || r.PendingEffects.Count > 0)
            .Select(r => $"{r.Id} is {r.State}, pending {string.Join("; ", r.PendingEffects)}");

    /// <summary>
    /// Per (location, SKU): on hand must equal receipts − units shipped (dispatch events) + units restocked (inspected
    /// resellable returns), and reserved must equal the units of shipments that hold stock and have not left.
    /// </summary>
    public static IEnumerable<string> LedgerDifferences(SimulationResult result)
    {
        var expected = new Dictionary<(LocationId, Sku), long>();
        foreach (var (key, units) in result.Receipts) expected[key] = units;
        foreach (var shipped in result.Events.OfType<ShipmentDispatched>())
        foreach (var line in shipped.Lines)
            expected[(shipped.Location, line.Sku)] = expected.GetValueOrDefault((shipped.Location, line.Sku)) - line.Quantity;
        foreach (var r in result.Returns.Where(r => r.ReceivedAt is not null))
        foreach (var line in r.Lines.Where(l => l.Restocked > 0))
            expected[(r.ReceivedAt!.Value, line.Sku)] = expected.GetValueOrDefault((r.ReceivedAt!.Value, line.Sku)) + line.Restocked;

        var held = new Dictionary<(LocationId, Sku), long>();
        foreach (var order in result.Orders)
        foreach (var s in order.Shipments.Where(s => s.IsLive && !s.HasLeft))
        foreach (var line in s.Lines)
            held[(s.Location, line.Sku)] = held.GetValueOrDefault((s.Location, line.Sku)) + line.Quantity;

        var balances = result.Balances.ToDictionary(b => (b.Location, b.Sku));
        foreach (var key in expected.Keys.Union(balances.Keys).Union(held.Keys).Order())
        {
            var balance = balances.GetValueOrDefault(key);
            if (balance.OnHand != expected.GetValueOrDefault(key))
                yield return $"{key}: on hand {balance.OnHand}, receipts - shipments + restocks = {expected.GetValueOrDefault(key)}";
            if (balance.Reserved != held.GetValueOrDefault(key))
                yield return $"{key}: reserved {balance.Reserved}, live shipments hold {held.GetValueOrDefault(key)}";
        }
    }

    /// <summary>Keys written more than once to the notification file, and lifecycle notifications never written.</summary>
    public static IEnumerable<string> NotificationProblems(SimulationResult result)
    {
        var keys = File.ReadAllLines(result.NotificationsPath)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("key").GetString()!)
            .ToList();
        foreach (var twice in keys.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1)) yield return $"{twice.Key} written {twice.Count()} times";
        var written = keys.ToHashSet(StringComparer.Ordinal);
        foreach (var queued in result.Events.OfType<NotificationQueued>().Select(n => n.Notification.Key).Distinct(StringComparer.Ordinal))
            if (!written.Contains(queued)) yield return $"{queued} was never written";
    }
}
