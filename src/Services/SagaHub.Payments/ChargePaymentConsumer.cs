using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SagaHub.Contracts.Payments;

namespace SagaHub.Payments;

/// <summary>
/// Charges a customer through the simulated provider and publishes <see cref="PaymentCaptured"/> or
/// <see cref="PaymentDeclined"/>. A repeated command with a captured key republishes
/// <see cref="PaymentCaptured"/> without charging again. For the customers in
/// <see cref="PaymentsOptions.FailCustomers"/> it throws <see cref="PaymentProviderUnavailableException"/>.
/// </summary>
public sealed class ChargePaymentConsumer(
    PaymentLedger ledger,
    IOptionsMonitor<PaymentsOptions> options,
    ILogger<ChargePaymentConsumer> logger) : IConsumer<ChargePayment>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ChargePayment> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;

        // A key that was captured before is answered from the ledger, whatever the rules say now.
        if (ledger.Find(message.IdempotencyKey) is null)
        {
            var settings = options.CurrentValue;
            if (settings.FailCustomers.Contains(message.CustomerId))
            {
                logger.ProviderUnavailable(message.OrderId, message.CustomerId);
                throw new PaymentProviderUnavailableException(
                    $"The payment provider did not answer for customer '{message.CustomerId}' ({PaymentsOptions.SectionName}:FailCustomers).");
            }

            var declineReason = ledger.IsVoided(message.OrderId) ? "the order was cancelled before the charge arrived" : DeclineReason(message, settings);
            if (declineReason is not null)
            {
                logger.PaymentDeclined(message.OrderId, declineReason);
                await context.Publish(new PaymentDeclined(message.OrderId, declineReason)).ConfigureAwait(false);
                return;
            }
        }

        var (entry, added) = ledger.Charge(message.OrderId, message.Amount, message.IdempotencyKey);
        logger.PaymentCaptured(entry.OrderId, entry.Amount, entry.IdempotencyKey, added);
        await context.Publish(new PaymentCaptured(entry.OrderId, entry.Amount, entry.IdempotencyKey)).ConfigureAwait(false);
    }

    private static string? DeclineReason(ChargePayment message, PaymentsOptions settings)
    {
        if (message.Amount <= 0)
        {
            return Invariant($"the amount must be positive, was {message.Amount}");
        }

        if (settings.DeclineCustomers.Contains(message.CustomerId))
        {
            return $"customer '{message.CustomerId}' is declined by rule {PaymentsOptions.SectionName}:DeclineCustomers";
        }

        if (settings.DeclineAbove is { } limit && message.Amount > limit)
        {
            return Invariant($"amount {message.Amount} is above the limit {limit} of rule {PaymentsOptions.SectionName}:DeclineAbove");
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
