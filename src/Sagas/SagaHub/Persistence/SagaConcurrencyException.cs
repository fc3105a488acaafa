namespace SagaHub;

/// <summary>
/// Another message changed the saga between this message's read and its write. The runtime
/// re-runs the whole message from a fresh read (it is retryable); the conflict is counted.
/// </summary>
public sealed class SagaConcurrencyException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaConcurrencyException(string sagaName, Guid sagaId, long expectedVersion, Exception? inner = null)
        : base($"Saga '{sagaName}' {sagaId} was changed by another message (expected version {expectedVersion}); the message will be re-run from a fresh read.", inner)
    {
        SagaName = sagaName;
        SagaId = sagaId;
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The saga type.</summary>
    public string SagaName { get; }

    /// <summary>The saga instance.</summary>
    public Guid SagaId { get; }

    /// <summary>The version the write expected to replace.</summary>
    public long ExpectedVersion { get; }
}
