namespace SagaHub;

/// <summary>A message the saga's inbox skipped because the saga had handled it before (<see cref="ISagaObserver.OnDuplicate"/>).</summary>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The saga the message is for.</param>
/// <param name="MessageId">The message's id.</param>
/// <param name="MessageType">The message's type.</param>
public sealed record SagaDuplicateSkipped(string SagaType, Guid SagaId, Guid MessageId, Type MessageType);
