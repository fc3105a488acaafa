using Microsoft.Extensions.Logging;

namespace SagaHub.Payments;

internal static partial class Log
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Captured {Amount} for order {OrderId} (key {IdempotencyKey}, first time: {FirstTime})")]
    public static partial void PaymentCaptured(this ILogger logger, Guid orderId, decimal amount, string idempotencyKey, bool firstTime);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Declined the payment of order {OrderId}: {Reason}")]
    public static partial void PaymentDeclined(this ILogger logger, Guid orderId, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "The payment provider is unavailable for order {OrderId} of customer {CustomerId}")]
    public static partial void ProviderUnavailable(this ILogger logger, Guid orderId, string customerId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Refunded {Amount} for order {OrderId} (key {IdempotencyKey}, first time: {FirstTime})")]
    public static partial void PaymentRefunded(this ILogger logger, Guid orderId, decimal amount, string idempotencyKey, bool firstTime);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Issued refund {RefundId} of {Amount} for order {OrderId} (key {IdempotencyKey}, first time: {FirstTime})")]
    public static partial void RefundIssued(this ILogger logger, Guid refundId, Guid orderId, decimal amount, string idempotencyKey, bool firstTime);
}
