namespace SagaHub;

/// <summary>What a message did to a saga.</summary>
public enum FireOutcome
{
    /// <summary>The saga changed: it moved, stayed with actions, recorded an arrival or ran a compensation step.</summary>
    Applied,

    /// <summary>Not permitted in the state, or every guard failed: only a <see cref="SagaHistoryKind.Rejected"/> row was added.</summary>
    Rejected,

    /// <summary>The state ignores the message by declaration: only an <see cref="SagaHistoryKind.Ignored"/> row was added.</summary>
    Ignored,

    /// <summary>A timer or task message that no longer applies (the saga moved on). Nothing was recorded.</summary>
    Stale,
}
