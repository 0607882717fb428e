using NodaTime;
using OrderRouting.Events;
using OrderRouting.Inventory.Ledger;
using OrderRouting.Lifecycle;
using OrderRouting.Reporting;
using OrderRouting.Returns;

namespace OrderRouting.Sample.Simulation;

/// <summary>Where simulated time is and what has happened so far (for the progress display).</summary>
internal sealed record SimulationProgress(Instant At, int Received, int Dispatched, int Delivered, int ReturnsRequested, int OpenExceptions, double DayFraction);

/// <summary>Everything a run produced: the operational report and what the sample's adapters saw.</summary>
internal sealed record SimulationResult
{
    public required SimulationSettings Settings { get; init; }

    /// <summary>The operational report: a pure function of <see cref="Events"/>.</summary>
    public required OperationalReport Report { get; init; }

    /// <summary>Every order event, in order.</summary>
    public required IReadOnlyList<OrderEvent> Events { get; init; }

    /// <summary>Every return transition, in order.</summary>
    public required IReadOnlyList<ReturnEvent> ReturnEvents { get; init; }

    /// <summary>Each order's final state, by id.</summary>
    public required IReadOnlyList<TrackedOrder> Orders { get; init; }

    /// <summary>Each return as it ended, by id.</summary>
    public required IReadOnlyList<ReturnSnapshot> Returns { get; init; }

    /// <summary>Every (location, SKU) balance of the ledger at the end.</summary>
    public required IReadOnlyList<StockBalance> Balances { get; init; }

    /// <summary>Units received into stock (opening balances and purchase orders), per (location, SKU).</summary>
    public required IReadOnlyDictionary<(LocationId Location, Sku Sku), int> Receipts { get; init; }

    /// <summary>Payloads delivered per channel.</summary>
    public required IReadOnlyDictionary<string, int> Payloads { get; init; }

    /// <summary>Orders a channel delivered again that ingestion recognised (webhook retries, overlapping polls).</summary>
    public required int DuplicateOrders { get; init; }

    /// <summary>Payloads a channel could not read.</summary>
    public required int DeadLetters { get; init; }

    /// <summary>How the lifecycle answered fulfilment confirmations.</summary>
    public required IReadOnlyDictionary<LifecycleStatus, int> ConfirmationAnswers { get; init; }

    /// <summary>Adapter calls that failed and were retried, per adapter (fulfilment, notifications, returns, labels).</summary>
    public required IReadOnlyDictionary<string, int> AdapterFailures { get; init; }

    /// <summary>The notification file.</summary>
    public required string NotificationsPath { get; init; }

    /// <summary>Notifications written, and sends of a key already written (deduplicated).</summary>
    public required int NotificationsWritten { get; init; }

    /// <summary>Sends of a key already written.</summary>
    public required int NotificationsDeduplicated { get; init; }

    /// <summary>Operator actions taken on escalated exceptions (address corrected, re-tried).</summary>
    public required IReadOnlyDictionary<string, int> OperatorActions { get; init; }

    /// <summary>Money paid back per currency.</summary>
    public required IReadOnlyDictionary<string, decimal> Refunded { get; init; }

    /// <summary>Resolutions per kind.</summary>
    public required IReadOnlyDictionary<string, int> Resolutions { get; init; }

    /// <summary>The first and last instants of the simulation.</summary>
    public required Interval Span { get; init; }
}
