namespace SagaHub;

/// <summary>A decision was made on a task that is unknown or no longer open.</summary>
public sealed class HumanTaskNotOpenException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="status">Its status, or null when unknown.</param>
    public HumanTaskNotOpenException(Guid taskId, HumanTaskStatus? status)
        : base(status is null ? $"There is no human task {taskId}." : $"Human task {taskId} is {status}, not open.")
    {
        TaskId = taskId;
        Status = status;
    }

    /// <summary>The task id.</summary>
    public Guid TaskId { get; }

    /// <summary>Its status, or null when unknown.</summary>
    public HumanTaskStatus? Status { get; }
}
