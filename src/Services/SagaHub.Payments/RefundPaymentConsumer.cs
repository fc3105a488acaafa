using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Payments;

namespace SagaHub.Payments;

/// <summary>
/// Compensation: gives back what was charged for an order and publishes <see cref="PaymentRefunded"/>,
/// once per idempotency key (a repeated command republishes it without refunding again).
/// </summary>
public sealed class RefundPaymentConsumer(PaymentLedger ledger, ILogger<RefundPaymentConsumer> logger) : IConsumer<RefundPayment>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RefundPayment> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var (entry, added) = ledger.Refund(message.OrderId, refundId: null, message.Amount, message.IdempotencyKey);
        logger.PaymentRefunded(entry.OrderId, entry.Amount, entry.IdempotencyKey, added);
        await context.Publish(new PaymentRefunded(entry.OrderId, entry.Amount, entry.IdempotencyKey)).ConfigureAwait(false);
    }
}
