namespace SagaHub;

/// <summary>How a saga undoes completed steps: its compensating state, the confirmations it waits for, and where it parks on failure.</summary>
public sealed class SagaGraphCompensation
{
    internal SagaGraphCompensation()
    {
    }

    /// <summary>The state the saga is in while it compensates.</summary>
    public string State { get; internal init; } = string.Empty;

    /// <summary>The state the saga parks in when an undo command fails or is not confirmed in time.</summary>
    public string FailureState { get; internal init; } = string.Empty;

    /// <summary>How long one undo command may stay unconfirmed; null for no limit.</summary>
    public TimeSpan? Timeout { get; internal init; }

    /// <summary>Every undo command the saga's transitions register (<c>CompensateWith</c>).</summary>
    public IReadOnlyList<Type> CommandTypes { get; internal init; } = [];

    /// <summary>The undo commands that wait for a confirmation; the others are sent without waiting.</summary>
    public IReadOnlyList<SagaGraphConfirmation> Confirmations { get; internal init; } = [];

    /// <summary>Whether a failed compensation runs actions (an alert) before parking.</summary>
    public bool HasFailureActions { get; internal init; }
}
