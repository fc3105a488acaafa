namespace SagaHub.Notifications;

/// <summary>A notification the service would have sent.</summary>
/// <param name="MessageId">The id of the <c>SendNotification</c> message; unique in the log (the row's key).</param>
/// <param name="ReferenceId">The order or refund it is about.</param>
/// <param name="Recipient">Who it goes to.</param>
/// <param name="Subject">Its subject line.</param>
/// <param name="Text">Its text.</param>
/// <param name="SentAt">When it was sent.</param>
public sealed record SentNotification(
    Guid MessageId,
    Guid ReferenceId,
    string Recipient,
    string Subject,
    string Text,
    DateTimeOffset SentAt);
