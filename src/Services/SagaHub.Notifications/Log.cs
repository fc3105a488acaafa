using Microsoft.Extensions.Logging;

namespace SagaHub.Notifications;

internal static partial class Log
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Notified {Recipient}: \"{Subject}\" about {ReferenceId} (message {MessageId})")]
    public static partial void NotificationSent(this ILogger logger, string recipient, string subject, Guid referenceId, Guid messageId);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Message {MessageId} about {ReferenceId} was already notified; not sending it again")]
    public static partial void DuplicateNotification(this ILogger logger, Guid messageId, Guid referenceId);
}
