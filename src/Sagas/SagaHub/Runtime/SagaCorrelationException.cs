namespace SagaHub;

/// <summary>A message could not be correlated (its selector returned an empty id). Never retried.</summary>
public sealed class SagaCorrelationException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaCorrelationException(string sagaName, string messageType)
        : base($"Saga '{sagaName}': message '{messageType}' carries an empty correlation id; it cannot be routed to a saga instance.")
    {
        SagaName = sagaName;
        MessageType = messageType;
    }

    /// <summary>The saga type.</summary>
    public string SagaName { get; }

    /// <summary>The message type's short name.</summary>
    public string MessageType { get; }
}
