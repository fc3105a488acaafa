using SagaHub.Contracts.Notifications;

namespace SagaHub.Notifications;

/// <summary>
/// The notifications sent, in memory and thread-safe, at most one per message id: a redelivered
/// message is not sent twice.
/// </summary>
/// <param name="time">The clock that stamps notifications.</param>
public sealed class NotificationLog(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<SentNotification> _sent = [];
    private readonly HashSet<Guid> _messageIds = [];

    /// <summary>Every notification sent, oldest first (a snapshot).</summary>
    public IReadOnlyList<SentNotification> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>The notifications sent about an order or refund, oldest first.</summary>
    public IReadOnlyList<SentNotification> For(Guid referenceId)
    {
        lock (_gate)
        {
            return [.. _sent.Where(notification => notification.ReferenceId == referenceId)];
        }
    }

    /// <summary>Records a notification unless the message was recorded before.</summary>
    /// <param name="messageId">The id of the message that asked for it.</param>
    /// <param name="notification">What to send.</param>
    /// <returns>The recorded notification, or <see langword="null"/> when the message was a duplicate.</returns>
    public SentNotification? TryRecord(Guid messageId, SendNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_gate)
        {
            if (!_messageIds.Add(messageId))
            {
                return null;
            }

            var sent = new SentNotification(
                messageId,
                notification.ReferenceId,
                notification.Recipient,
                notification.Subject,
                notification.Text,
                time.GetUtcNow());
            _sent.Add(sent);
            return sent;
        }
    }
}
