using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Notifications;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Notifications;

/// <summary>
/// The notifications sent, in the notifications service's own database (<see cref="NotificationsDbContext"/>),
/// at most one per message id (the row's unique key): a redelivered message is not sent twice. The
/// consumer records inside its inbox transaction; this class records in a transaction of its own,
/// and answers queries.
/// </summary>
/// <param name="scopes">Creates a scope (and a context) per call.</param>
/// <param name="time">The clock that stamps notifications.</param>
public sealed class NotificationLog(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Every notification sent, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The notifications.</returns>
    public Task<IReadOnlyList<SentNotification>> SentAsync(CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<NotificationsDbContext, IReadOnlyList<SentNotification>>(
            async db => [.. (await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(ToSent)],
            cancellationToken);

    /// <summary>The notifications sent about an order or refund, oldest first.</summary>
    /// <param name="referenceId">The order or refund.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The notifications.</returns>
    public Task<IReadOnlyList<SentNotification>> ForAsync(Guid referenceId, CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<NotificationsDbContext, IReadOnlyList<SentNotification>>(
            async db => [.. (await db.Notifications.AsNoTracking().Where(n => n.ReferenceId == referenceId).OrderBy(n => n.Id).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(ToSent)],
            cancellationToken);

    /// <summary>Records a notification unless the message was recorded before.</summary>
    /// <param name="messageId">The id of the message that asked for it.</param>
    /// <param name="notification">What to send.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The recorded notification, or <see langword="null"/> when the message was a duplicate.</returns>
    public async Task<SentNotification?> TryRecordAsync(Guid messageId, SendNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        try
        {
            return await scopes.WriteAsync<NotificationsDbContext, SentNotification?>(
                db => TryRecordAsync(db, messageId, notification, time.GetUtcNow(), cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (ServiceDatabaseAccess.IsUniqueViolation(ex))
        {
            return null; // recorded by a concurrent call: the key's unique index kept it to one
        }
    }

    /// <summary>Adds the notification to <paramref name="db"/> unless its key is recorded; does not save.</summary>
    internal static async Task<SentNotification?> TryRecordAsync(NotificationsDbContext db, Guid messageId, SendNotification notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = KeyOf(messageId);
        if (await db.Notifications.AsNoTracking().AnyAsync(n => n.Key == key, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var row = new NotificationRow
        {
            Key = key,
            MessageId = messageId,
            ReferenceId = notification.ReferenceId,
            Recipient = notification.Recipient,
            Subject = notification.Subject,
            Text = notification.Text,
            SentAt = now,
        };
        db.Notifications.Add(row);
        return ToSent(row);
    }

    private static string KeyOf(Guid messageId) => "message:" + messageId.ToString("D", CultureInfo.InvariantCulture);

    private static SentNotification ToSent(NotificationRow row) => new(row.MessageId, row.ReferenceId, row.Recipient, row.Subject, row.Text, row.SentAt);
}
