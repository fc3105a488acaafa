namespace SagaHub.OrdersService.Api;

internal static partial class Log
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Order {OrderId} accepted: {LineCount} line(s), total {Total}")]
    public static partial void OrderAccepted(this ILogger logger, Guid orderId, int lineCount, decimal total);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Refund {RefundId} of {Amount} requested for order {OrderId}, {ReturnedUnits} unit(s) returned")]
    public static partial void RefundAccepted(this ILogger logger, Guid refundId, Guid orderId, decimal amount, int returnedUnits);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Task {TaskId} of {SagaType} {SagaId}: {Decision} by {By}")]
    public static partial void TaskDecided(this ILogger logger, Guid taskId, string sagaType, Guid sagaId, string decision, string by);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Debug, Message = "Request body on {Path} refused: {Reason}")]
    public static partial void BodyRefused(this ILogger logger, PathString path, string reason);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Debug, Message = "Request on {Path} failed validation: {Fields}")]
    public static partial void ValidationFailed(this ILogger logger, PathString path, string fields);

    // The presented key is deliberately not a parameter: a wrong key may be a real one of another system.
    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "{Method} {Path} refused: API key {Problem} (from {RemoteAddress})")]
    public static partial void ApiKeyRefused(this ILogger logger, string method, PathString path, string problem, string? remoteAddress);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Information, Message = "Order {OrderId} submitted again with its Idempotency-Key and the same body; answered from the saga (state {State})")]
    public static partial void OrderReplayed(this ILogger logger, Guid orderId, string state);

    // The key is not a parameter: it is the client's, and the order id (derived from it) identifies the case.
    [LoggerMessage(EventId = 1507, Level = LogLevel.Information, Message = "Order {OrderId}: Idempotency-Key reused with another request body; refused with 422")]
    public static partial void IdempotencyKeyReused(this ILogger logger, Guid orderId);
}
