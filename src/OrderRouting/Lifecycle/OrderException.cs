using NodaTime;

namespace OrderRouting.Lifecycle;

/// <summary>Why an order needs attention.</summary>
public enum ExceptionCause
{
    /// <summary>No allowed location has the stock.</summary>
    NoStock,
    /// <summary>A fulfilment provider (a 3PL, a WMS) refused an instruction.</summary>
    FulfilmentRejected,
    /// <summary>The carrier refuses the ship-to address.</summary>
    AddressRefused,
    /// <summary>A hold expired before the order was released.</summary>
    HoldExpired,
    /// <summary>The ledger refused a commit or release the lifecycle expected to succeed.</summary>
    LedgerRefused,
}

/// <summary>An exception flagged on an order, with a summary of its context.</summary>
/// <param name="Cause">Why.</param>
/// <param name="Context">One sentence for operators: what, where, which lines.</param>
/// <param name="At">When it was flagged.</param>
/// <param name="Attempt">How many times this cause was flagged for the order, this one included (1 the first time).</param>
/// <param name="Action">What the exception policies decided.</param>
public sealed record OrderException(ExceptionCause Cause, string Context, Instant At, int Attempt, ExceptionAction Action);

/// <summary>What to do about an exception.</summary>
public enum ExceptionAction
{
    /// <summary>This policy has no opinion; ask the next one.</summary>
    Pass,
    /// <summary>Do the failed step again (send the instruction again, reserve again).</summary>
    Retry,
    /// <summary>Release what the failing location holds and route the units elsewhere.</summary>
    Reroute,
    /// <summary>Wait for stock: the units are backordered and allocated when stock arrives.</summary>
    AwaitStock,
    /// <summary>Stop and tell an operator (an <see cref="Events.ExceptionEscalated"/> event); the order waits in <see cref="OrderState.Exception"/>.</summary>
    Escalate,
}

/// <summary>What an exception policy sees.</summary>
/// <remarks>A <c>readonly struct</c> so that members can be added without breaking policies.</remarks>
public readonly struct ExceptionArguments
{
    internal ExceptionArguments(TrackedOrder order, ExceptionCause cause, string context, int attempt, LocationId? location)
    {
        Order = order;
        Cause = cause;
        Context = context;
        Attempt = attempt;
        Location = location;
    }

    /// <summary>The order as it is now.</summary>
    public TrackedOrder Order { get; }

    /// <summary>Why.</summary>
    public ExceptionCause Cause { get; }

    /// <summary>The context summary.</summary>
    public string Context { get; }

    /// <summary>How many times this cause was flagged for the order, this one included.</summary>
    public int Attempt { get; }

    /// <summary>The location concerned, when there is one.</summary>
    public LocationId? Location { get; }
}

/// <summary>
/// Decides what happens to a flagged exception. Policies are asked in registration order; the first answer other than
/// <see cref="ExceptionAction.Pass"/> wins, and <see cref="DefaultExceptionPolicy"/> answers when none does.
/// </summary>
/// <remarks>Implementations must be pure and thread-safe (no I/O: they run while the order is being changed).</remarks>
public interface IExceptionPolicy
{
    /// <summary>Decides.</summary>
    ExceptionAction Decide(in ExceptionArguments arguments);
}

/// <summary>
/// The policy used when no registered policy decides: no stock → wait for stock; a rejected instruction → route
/// elsewhere up to <see cref="MaxAttempts"/> times, then escalate; an expired hold → reserve again up to
/// <see cref="MaxAttempts"/> times; a refused address or a refused ledger command → escalate.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class DefaultExceptionPolicy : IExceptionPolicy
{
    /// <summary>Creates the policy.</summary>
    /// <param name="maxAttempts">How many times a cause is retried or re-routed before it is escalated; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxAttempts"/> is less than 1.</exception>
    public DefaultExceptionPolicy(int maxAttempts = 3) => MaxAttempts = Guard.Positive(maxAttempts);

    /// <summary>How many times a cause is retried or re-routed before it is escalated.</summary>
    /// <value>The default value is 3.</value>
    public int MaxAttempts { get; }

    /// <inheritdoc />
    public ExceptionAction Decide(in ExceptionArguments arguments) => arguments.Cause switch
    {
        ExceptionCause.NoStock => ExceptionAction.AwaitStock,
        ExceptionCause.FulfilmentRejected => arguments.Attempt <= MaxAttempts ? ExceptionAction.Reroute : ExceptionAction.Escalate,
        ExceptionCause.HoldExpired => arguments.Attempt <= MaxAttempts ? ExceptionAction.Retry : ExceptionAction.Escalate,
        _ => ExceptionAction.Escalate,
    };
}
