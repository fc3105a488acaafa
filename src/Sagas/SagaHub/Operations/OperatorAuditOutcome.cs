namespace SagaHub;

/// <summary>What an <see cref="OperatorAuditEntry"/> records of its request.</summary>
public enum OperatorAuditOutcome
{
    /// <summary>The request, written before anything was changed.</summary>
    Requested,

    /// <summary>The action ran; every item it was asked for was done.</summary>
    Done,

    /// <summary>The action ran; some items were done and some were not (see the summary and detail).</summary>
    Partial,

    /// <summary>Nothing was done: the action was refused or could not reach what it acts on.</summary>
    Failed,
}
