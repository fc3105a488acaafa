using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Notifications;

namespace SagaHub.Notifications;

/// <summary>
/// "Sends" a notification: records it in the <see cref="NotificationLog"/> and logs it, once per
/// message id (a redelivered message is only logged as a duplicate).
/// </summary>
public sealed class SendNotificationConsumer(NotificationLog log, ILogger<SendNotificationConsumer> logger) : IConsumer<SendNotification>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<SendNotification> context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // MassTransit always stamps a message id; one without (a hand-built envelope) cannot be
        // recognised when redelivered, so it is sent as new.
        var messageId = context.MessageId ?? NewId.NextGuid();
        var message = context.Message;
        var sent = log.TryRecord(messageId, message);
        if (sent is null)
        {
            logger.DuplicateNotification(messageId, message.ReferenceId);
        }
        else
        {
            logger.NotificationSent(sent.Recipient, sent.Subject, sent.ReferenceId, sent.MessageId);
        }

        return Task.CompletedTask;
    }
}
