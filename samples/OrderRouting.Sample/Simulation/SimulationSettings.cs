namespace OrderRouting.Sample.Simulation;

/// <summary>
/// What the simulated day looks like: how many orders, the seed, and how often the outside world misbehaves. The
/// defaults are the sample's; tests turn single behaviours off to show they change nothing that matters.
/// </summary>
internal sealed record SimulationSettings
{
    /// <summary>Orders placed during the day (duplicates delivered by channels not counted).</summary>
    public int Orders { get; init; } = 3000;

    /// <summary>The seed every random decision derives from.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Share of fulfilment confirmations sent twice (a WMS retrying a webhook).</summary>
    public double DuplicateConfirmations { get; init; } = 0.04;

    /// <summary>Share of shipments whose confirmations arrive out of order (delivered before out-for-delivery, picked after dispatched).</summary>
    public double OutOfOrderConfirmations { get; init; } = 0.05;

    /// <summary>Share of web-store orders whose webhook is delivered twice.</summary>
    public double DuplicateWebhooks { get; init; } = 0.03;

    /// <summary>Share of calls to the fulfilment providers that time out (retried by the lifecycle's outbox).</summary>
    public double FulfilmentTimeouts { get; init; } = 0.01;

    /// <summary>Share of notification sends that fail (retried with the same key), half of them after the message went out.</summary>
    public double NotificationFailures { get; init; } = 0.01;

    /// <summary>Share of orders the customer cancels shortly after placing them.</summary>
    public double Cancellations { get; init; } = 0.02;

    /// <summary>Scales every channel's and product's return rate (1 = the sample's rates, 0 = no returns).</summary>
    public double ReturnRate { get; init; } = 1.0;

    /// <summary>Where the notification file goes; null for the system temp folder.</summary>
    public string? NotificationsPath { get; init; }

    /// <summary>The notification file's path: <see cref="NotificationsPath"/> or <c>orderrouting-sample-notifications.jsonl</c> in the temp folder.</summary>
    public string ResolvedNotificationsPath =>
        NotificationsPath ?? Path.Combine(Path.GetTempPath(), "orderrouting-sample-notifications.jsonl");
}
