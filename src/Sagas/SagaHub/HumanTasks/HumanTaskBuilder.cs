namespace SagaHub;

/// <summary>Declares a human task: who, by when, escalation and expiry.</summary>
/// <typeparam name="TData">The saga's data.</typeparam>
public sealed class HumanTaskBuilder<TData>
    where TData : class
{
    private readonly HumanTaskModel<TData> task;

    internal HumanTaskBuilder(HumanTaskModel<TData> task) => this.task = task;

    /// <summary>The person or role that decides.</summary>
    /// <param name="assignee">A user name or a role such as <c>finance-manager</c>.</param>
    /// <returns>This builder.</returns>
    public HumanTaskBuilder<TData> AssignTo(string assignee)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        task.Assignee = assignee;
        return this;
    }

    /// <summary>How long the assignee has. Past due, the task escalates (<see cref="EscalateTo"/>) or, without escalation, expires.</summary>
    /// <param name="due">Time from the task's creation.</param>
    /// <returns>This builder.</returns>
    public HumanTaskBuilder<TData> DueIn(TimeSpan due)
    {
        task.DueIn = due;
        return this;
    }

    /// <summary>Who gets the task once it is past due (once), and what to do then (notify).</summary>
    /// <param name="assignee">The escalation target.</param>
    /// <param name="onEscalated">Optional action on escalation, e.g. send a notification.</param>
    /// <returns>This builder.</returns>
    public HumanTaskBuilder<TData> EscalateTo(string assignee, Action<SagaContext<TData, SagaTimeoutElapsed>>? onEscalated = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        task.EscalateTo = assignee;
        if (onEscalated is not null)
        {
            task.OnEscalated.Add(ctx => onEscalated((SagaContext<TData, SagaTimeoutElapsed>)ctx));
        }

        return this;
    }

    /// <summary>After escalation, how long until the task expires for good (then <c>OnExpired</c> applies).</summary>
    /// <param name="after">Time from the escalation.</param>
    /// <returns>This builder.</returns>
    public HumanTaskBuilder<TData> ExpireAfter(TimeSpan after)
    {
        task.ExpireAfterEscalation = after;
        return this;
    }
}
