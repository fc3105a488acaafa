using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Payments;

namespace SagaHub.Payments;

/// <summary>
/// Pays back (part of) a completed order for a refund request and publishes <see cref="RefundIssued"/>,
/// once per idempotency key (a repeated command republishes it without paying again).
/// </summary>
public sealed class IssueRefundConsumer(PaymentLedger ledger, ILogger<IssueRefundConsumer> logger) : IConsumer<IssueRefund>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<IssueRefund> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var (entry, added) = ledger.Refund(message.OrderId, message.RefundId, message.Amount, message.IdempotencyKey);
        logger.RefundIssued(message.RefundId, entry.OrderId, entry.Amount, entry.IdempotencyKey, added);
        await context.Publish(new RefundIssued(message.RefundId, entry.OrderId, entry.Amount, entry.IdempotencyKey)).ConfigureAwait(false);
    }
}
