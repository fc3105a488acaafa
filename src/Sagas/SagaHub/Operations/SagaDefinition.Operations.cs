namespace SagaHub;

/// <content>Operator actions: what a saga allows in its state, and applying one action without a store.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    /// <summary>The operator actions <paramref name="instance"/> allows in its state, and their possible target states.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The choices; all empty for a saga that has not started or is final.</returns>
    public SagaActionChoices ActionsFor(SagaInstance<TData, TStatus> instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var current = instance.IsStarted ? instance.Status.ToString() : InitialStateName;
        if (!instance.IsStarted || instance.IsFinal)
        {
            return new SagaActionChoices(current, [], [], [], false);
        }

        var operable = Ordered().Where(s => s.Declared && !IsCompensatingState(s.Status)).ToList();
        var running = instance.Compensating is not null;
        IReadOnlyList<string> resume = running ? []
            : instance.IsParked ? [.. operable.Where(s => !s.IsFinal && !s.IsParked).Select(s => s.Name)]
            : [current];
        IReadOnlyList<string> move = [.. operable.Where(s => s.Name != current).Select(s => s.Name)];
        IReadOnlyList<string> cancel = running || (instance.CompensationStack.Count > 0 && compensation is null) ? [] : [.. operable.Where(s => s.IsFinal).Select(s => s.Name)];
        return new SagaActionChoices(current, resume, move, cancel, instance.Deadline is not null, instance.Task is { Status: HumanTaskStatus.Open });
    }

    /// <summary>Applies an operator action to an instance without a store: validated against the definition, recorded in its history.</summary>
    /// <param name="instance">The instance; changed in place unless the action is rejected.</param>
    /// <param name="action">The action.</param>
    /// <param name="at">The time; now when omitted.</param>
    /// <returns>What happened; <see cref="FireOutcome.Rejected"/> with the reason when the state does not allow the action.</returns>
    /// <exception cref="ArgumentException">The action lacks who, why, or the state or due time it needs.</exception>
    public FireResult Act(SagaInstance<TData, TStatus> instance, SagaAction action, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        return FireCore(instance, typeof(SagaAction), action, action.Id, at ?? TimeProvider.System.GetUtcNow());
    }

    SagaActionChoices ISagaRunner.ActionsFor(SagaSnapshot snapshot) => ActionsFor(FromSnapshot(snapshot));

    internal bool IsCompensatingState(TStatus status) =>
        compensation is not null && EqualityComparer<TStatus>.Default.Equals(compensation.Status, status);
}
