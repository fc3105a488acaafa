using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SagaHub.Contracts.Payments;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Payments;

/// <summary>
/// Charges a customer through the simulated provider and publishes <see cref="PaymentCaptured"/> or
/// <see cref="PaymentDeclined"/> through the outbox, in one transaction with the ledger entry and the
/// inbox row: a redelivered message changes nothing. A repeated command (a new message) with a
/// captured key republishes <see cref="PaymentCaptured"/> without charging again. For the customers
/// in <see cref="PaymentsOptions.FailCustomers"/> it throws <see cref="PaymentProviderUnavailableException"/>.
/// </summary>
/// <param name="inbox">The payments' inbox and outbox.</param>
/// <param name="options">The provider's rules.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class ChargePaymentConsumer(
    TransactionalInbox<PaymentsDbContext> inbox,
    IOptionsMonitor<PaymentsOptions> options,
    TimeProvider time,
    ILogger<ChargePaymentConsumer> logger) : IConsumer<ChargePayment>
{
    /// <summary>The consumer's name in the inbox.</summary>
    public const string InboxName = "payments.charge-payment";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ChargePayment> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var ct = context.CancellationToken;
        string? declined = null;
        (LedgerEntry Entry, bool Added)? captured = null;
        var handled = await inbox.RunAsync(context, InboxName, async (db, outbox) =>
        {
            await LedgerOperations.LockOrderAsync(db, message.OrderId, ct).ConfigureAwait(false);

            // A key that was captured before is answered from the ledger, whatever the rules say now.
            if (await LedgerOperations.FindAsync(db, message.IdempotencyKey, ct).ConfigureAwait(false) is null)
            {
                var settings = options.CurrentValue;
                if (settings.FailCustomers.Contains(message.CustomerId))
                {
                    logger.ProviderUnavailable(message.OrderId, message.CustomerId);
                    throw new PaymentProviderUnavailableException(
                        $"The payment provider did not answer for customer '{message.CustomerId}' ({PaymentsOptions.SectionName}:FailCustomers).");
                }

                declined = await LedgerOperations.IsVoidedAsync(db, message.OrderId, ct).ConfigureAwait(false)
                    ? "the order was cancelled before the charge arrived"
                    : DeclineReason(message, settings);
                if (declined is not null)
                {
                    outbox.Publish(new PaymentDeclined(message.OrderId, declined));
                    return;
                }
            }

            var (entry, added) = await LedgerOperations.RecordAsync(db, LedgerEntryKind.Charge, message.OrderId, null, message.Amount, message.IdempotencyKey, time.GetUtcNow(), ct).ConfigureAwait(false);
            captured = (entry, added);
            outbox.Publish(new PaymentCaptured(entry.OrderId, entry.Amount, entry.IdempotencyKey));
        }).ConfigureAwait(false);
        if (!handled)
        {
            return;
        }

        if (declined is not null)
        {
            logger.PaymentDeclined(message.OrderId, declined);
        }
        else if (captured is var (entry, added))
        {
            logger.PaymentCaptured(entry.OrderId, entry.Amount, entry.IdempotencyKey, added);
        }
    }

    private static string? DeclineReason(ChargePayment message, PaymentsOptions settings)
    {
        if (LedgerOperations.AmountProblem(message.Amount) is { } problem)
        {
            return problem;
        }

        if (settings.DeclineCustomers.Contains(message.CustomerId))
        {
            return $"customer '{message.CustomerId}' is declined by rule {PaymentsOptions.SectionName}:DeclineCustomers";
        }

        if (settings.DeclineAbove is { } limit && message.Amount > limit)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"amount {message.Amount} is above the limit {limit} of rule {PaymentsOptions.SectionName}:DeclineAbove");
        }

        return null;
    }
}
