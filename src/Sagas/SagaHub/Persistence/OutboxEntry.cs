namespace SagaHub;

/// <summary>An outbox row: a message a saga produced, kept until it is handed to the bus.</summary>
/// <param name="SagaType">The producing saga's name.</param>
/// <param name="SagaId">The producing saga instance.</param>
/// <param name="Message">The message with its fixed id.</param>
/// <param name="CreatedAt">When the row was written.</param>
public sealed record OutboxEntry(string SagaType, Guid SagaId, OutgoingMessage Message, DateTimeOffset CreatedAt);
