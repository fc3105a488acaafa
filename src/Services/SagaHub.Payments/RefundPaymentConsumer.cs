using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Payments;

namespace SagaHub.Payments;

/// <summary>
/// Compensation: gives back what was charged for an order (never more; 0 when nothing was charged)
/// and publishes <see cref="PaymentRefunded"/> with the amount given back, once per idempotency key.
/// The order is voided, so a charge that arrives late (after the saga timed out) is declined.
/// </summary>
public sealed class RefundPaymentConsumer(PaymentLedger ledger, ILogger<RefundPaymentConsumer> logger) : IConsumer<RefundPayment>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RefundPayment> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var refunded = ledger.CompensateCharge(message.OrderId, message.Amount, message.IdempotencyKey);
        logger.PaymentRefunded(message.OrderId, refunded, message.IdempotencyKey, true);
        await context.Publish(new PaymentRefunded(message.OrderId, refunded, message.IdempotencyKey)).ConfigureAwait(false);
    }
}
