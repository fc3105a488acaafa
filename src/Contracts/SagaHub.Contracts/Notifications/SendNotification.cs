namespace SagaHub.Contracts.Notifications;

/// <summary>Command: tell a person something. <paramref name="ReferenceId"/> is the order or refund it is about.</summary>
public sealed record SendNotification(Guid ReferenceId, string Recipient, string Subject, string Text);
