namespace OrderRouting.Returns;

/// <summary>The payment side of returns (refunds to the original payment, store credit): the host implements it.</summary>
public interface IRefundGateway
{
    /// <summary>
    /// Submits a refund or a store credit. A declined payment is a result (<see cref="RefundSubmissionStatus.Declined"/>);
    /// throwing means "outcome unknown": the return records the failure and a retry reuses the same
    /// <see cref="RefundRequest.IdempotencyKey"/>, so the gateway must make the effect exactly once per key.
    /// </summary>
    ValueTask<RefundSubmission> SubmitAsync(RefundRequest request, CancellationToken cancellationToken = default);
}

/// <summary>How a refund is paid.</summary>
public enum RefundMethod
{
    /// <summary>Back to the payment the customer used.</summary>
    OriginalPayment,
    /// <summary>As store credit (a voucher or account balance).</summary>
    StoreCredit,
}

/// <summary>A refund to make.</summary>
/// <param name="IdempotencyKey">Stable across retries of one attempt, e.g. <c>R-000001:refund:1</c>; a new attempt after a decline gets a new key.</param>
/// <param name="Return">The return.</param>
/// <param name="Rma">The return's RMA number.</param>
/// <param name="Order">The order that was paid.</param>
/// <param name="Channel">The channel the order came from.</param>
/// <param name="Amount">The amount to pay back; never more than was paid for the returned lines (plus shipping, when refunded).</param>
/// <param name="Method">Original payment or store credit.</param>
public sealed record RefundRequest(string IdempotencyKey, ReturnId Return, string Rma, OrderId Order, ChannelId Channel, Money Amount, RefundMethod Method);

/// <summary>What the refund gateway answered.</summary>
public enum RefundSubmissionStatus
{
    /// <summary>The money was paid (or the credit issued).</summary>
    Completed,
    /// <summary>Accepted; a confirmation arrives later (<see cref="ReturnsService.ConfirmRefundAsync"/>).</summary>
    Pending,
    /// <summary>The payment provider declined it; a new attempt may be made.</summary>
    Declined,
}

/// <summary>The refund gateway's answer to <see cref="IRefundGateway.SubmitAsync"/>.</summary>
/// <param name="Status">Completed, pending or declined.</param>
/// <param name="Reference">The provider's reference, when there is one.</param>
/// <param name="Reason">Why it was declined; empty otherwise.</param>
public sealed record RefundSubmission(RefundSubmissionStatus Status, string Reference, string Reason)
{
    /// <summary>The refund is paid.</summary>
    public static RefundSubmission Completed(string reference) => new(RefundSubmissionStatus.Completed, reference, "");

    /// <summary>The refund is accepted; its confirmation comes later.</summary>
    public static RefundSubmission Pending(string reference) => new(RefundSubmissionStatus.Pending, reference, "");

    /// <summary>The refund was declined.</summary>
    public static RefundSubmission Declined(string reason) => new(RefundSubmissionStatus.Declined, "", reason);
}
