namespace SagaHub;

/// <summary>The human task a state waits for: who decides, by when, and its escalation.</summary>
public sealed class SagaGraphHumanTask
{
    internal SagaGraphHumanTask()
    {
    }

    /// <summary>What the person decides, e.g. "Approve refund".</summary>
    public string Name { get; internal init; } = string.Empty;

    /// <summary>The person or role the task is assigned to first.</summary>
    public string Assignee { get; internal init; } = string.Empty;

    /// <summary>How long the assignee has, from the task's creation.</summary>
    public TimeSpan DueIn { get; internal init; }

    /// <summary>Who gets the task once it is past due; null when it expires instead.</summary>
    public string? EscalateTo { get; internal init; }

    /// <summary>How long after the escalation the task expires for good; null when it never does after escalating.</summary>
    public TimeSpan? ExpireAfterEscalation { get; internal init; }

    /// <summary>Whether the task can expire (no escalation, or an expiry after it), so that <see cref="SagaTriggerKind.TaskExpired"/> applies.</summary>
    public bool CanExpire => EscalateTo is null || ExpireAfterEscalation is not null;
}
