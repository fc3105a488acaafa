namespace SagaHub;

/// <summary>An operator action the saga's state does not allow; the message names what is allowed.</summary>
public sealed class SagaActionRejectedException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="sagaName">The saga type.</param>
    /// <param name="sagaId">The saga.</param>
    /// <param name="reason">Why the action was refused, naming the allowed ones.</param>
    /// <param name="choices">What the state allows.</param>
    public SagaActionRejectedException(string sagaName, Guid sagaId, string reason, SagaActionChoices choices)
        : base($"Saga '{sagaName}' {sagaId}: {reason}")
    {
        SagaName = sagaName;
        SagaId = sagaId;
        Choices = choices;
    }

    /// <summary>The saga type.</summary>
    public string SagaName { get; }

    /// <summary>The saga.</summary>
    public Guid SagaId { get; }

    /// <summary>What the saga's state allows.</summary>
    public SagaActionChoices Choices { get; }
}
