using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Notifications;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Notifications;

/// <summary>
/// "Sends" a notification: records it in the <see cref="NotificationLog"/>'s table and logs it, once
/// per message id (the inbox skips a redelivered message, and the table's unique key would refuse
/// a second row); a duplicate is only logged as one.
/// </summary>
/// <param name="inbox">The notifications inbox and outbox.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class SendNotificationConsumer(TransactionalInbox<NotificationsDbContext> inbox, TimeProvider time, ILogger<SendNotificationConsumer> logger) : IConsumer<SendNotification>
{
    /// <summary>The consumer's name in the inbox.</summary>
    public const string InboxName = "notifications.send-notification";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<SendNotification> context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // MassTransit always stamps a message id; the inbox refuses a message without one (it could
        // not be recognised when redelivered).
        var message = context.Message;
        SentNotification? sent = null;
        var handled = await inbox.RunAsync(context, InboxName, async (db, _) =>
        {
            sent = await NotificationLog.TryRecordAsync(db, context.MessageId!.Value, message, time.GetUtcNow(), context.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (handled && sent is not null)
        {
            logger.NotificationSent(sent.Recipient, sent.Subject, sent.ReferenceId, sent.MessageId);
        }
        else
        {
            logger.DuplicateNotification(context.MessageId ?? Guid.Empty, message.ReferenceId);
        }
    }
}
