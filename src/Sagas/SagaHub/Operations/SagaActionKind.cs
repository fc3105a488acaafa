namespace SagaHub;

/// <summary>What an operator does to a saga.</summary>
public enum SagaActionKind
{
    /// <summary>Re-enter a state, running its entry actions again (the current one, or the one named).</summary>
    Resume,

    /// <summary>Move to a state the definition has, with the usual exit and entry work.</summary>
    MoveTo,

    /// <summary>Undo the compensation stack newest first, then end in a final state.</summary>
    Cancel,

    /// <summary>Fire the pending deadline now, as if its timer had come due.</summary>
    FireDeadline,

    /// <summary>Move the pending deadline to another time.</summary>
    RescheduleDeadline,

    /// <summary>Give the open human task to another assignee.</summary>
    ReassignTask,
}
