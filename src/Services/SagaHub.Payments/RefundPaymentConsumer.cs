using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Payments;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Payments;

/// <summary>
/// Compensation: gives back what was charged for an order (never more; 0 when nothing was charged)
/// and publishes <see cref="PaymentRefunded"/> with the amount given back, through the outbox, once
/// per idempotency key. The order is voided, so a charge that arrives late (after the saga timed
/// out) is declined.
/// </summary>
/// <param name="inbox">The payments' inbox and outbox.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class RefundPaymentConsumer(TransactionalInbox<PaymentsDbContext> inbox, TimeProvider time, ILogger<RefundPaymentConsumer> logger) : IConsumer<RefundPayment>
{
    /// <summary>The consumer's name in the inbox.</summary>
    public const string InboxName = "payments.refund-payment";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RefundPayment> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var refunded = 0m;
        var handled = await inbox.RunAsync(context, InboxName, async (db, outbox) =>
        {
            refunded = await LedgerOperations.CompensateChargeAsync(db, message.OrderId, message.Amount, message.IdempotencyKey, time.GetUtcNow(), context.CancellationToken).ConfigureAwait(false);
            outbox.Publish(new PaymentRefunded(message.OrderId, refunded, message.IdempotencyKey));
        }).ConfigureAwait(false);
        if (handled)
        {
            logger.PaymentRefunded(message.OrderId, refunded, message.IdempotencyKey, true);
        }
    }
}
