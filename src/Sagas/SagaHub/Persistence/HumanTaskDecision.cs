namespace SagaHub;

/// <summary>A person's decision on a human task, with the message that tells its saga (see <see cref="IHumanTaskStore.TryDecideTaskAsync"/>).</summary>
public sealed record HumanTaskDecision
{
    /// <summary>Creates a decision.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="status"><see cref="HumanTaskStatus.Approved"/> or <see cref="HumanTaskStatus.Rejected"/>.</param>
    /// <param name="by">Who decided.</param>
    /// <param name="at">When.</param>
    /// <param name="message">The outbox row that carries the <see cref="HumanTaskCompleted"/> to the saga's queue.</param>
    /// <exception cref="ArgumentException">The status is not a decision, <paramref name="by"/> is blank, or the message is not a send.</exception>
    public HumanTaskDecision(Guid taskId, HumanTaskStatus status, string by, DateTimeOffset at, OutboxEntry message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        ArgumentNullException.ThrowIfNull(message);
        if (status is not (HumanTaskStatus.Approved or HumanTaskStatus.Rejected))
        {
            throw new ArgumentException($"A decision approves or rejects, not {status}.", nameof(status));
        }

        if (message.Message.IsPublish)
        {
            throw new ArgumentException("A decision is sent to its saga's queue, not published.", nameof(message));
        }

        TaskId = taskId;
        Status = status;
        By = by;
        At = at;
        Message = message;
    }

    /// <summary>The task.</summary>
    public Guid TaskId { get; }

    /// <summary><see cref="HumanTaskStatus.Approved"/> or <see cref="HumanTaskStatus.Rejected"/>.</summary>
    public HumanTaskStatus Status { get; }

    /// <summary>Who decided.</summary>
    public string By { get; }

    /// <summary>When (the task's closing time).</summary>
    public DateTimeOffset At { get; }

    /// <summary>The outbox row that carries the <see cref="HumanTaskCompleted"/> to the saga's queue.</summary>
    public OutboxEntry Message { get; }
}
