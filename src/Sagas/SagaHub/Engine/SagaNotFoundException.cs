namespace SagaHub;

/// <summary>
/// A message that cannot start a saga arrived for a saga id that does not exist. Never retried:
/// the message faults to the endpoint's error queue with this reason.
/// </summary>
public sealed class SagaNotFoundException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaNotFoundException(string sagaName, Guid sagaId, string messageType)
        : base($"Saga '{sagaName}' has no instance {sagaId} for message '{messageType}', and '{messageType}' cannot start one.")
    {
        SagaName = sagaName;
        SagaId = sagaId;
        MessageType = messageType;
    }

    /// <summary>The saga type.</summary>
    public string SagaName { get; }

    /// <summary>The correlation id the message carried.</summary>
    public Guid SagaId { get; }

    /// <summary>The message type's short name.</summary>
    public string MessageType { get; }
}
