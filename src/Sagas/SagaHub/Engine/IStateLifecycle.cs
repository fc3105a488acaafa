namespace SagaHub;

/// <summary>What a feature does when an instance leaves a state and enters the next (after exit and entry actions).</summary>
internal interface IStateLifecycle<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    /// <summary>The instance is leaving its current state: cancel what belongs to it.</summary>
    void OnLeaving(FireScope<TData, TStatus> scope);

    /// <summary>The instance entered <paramref name="entered"/> by <paramref name="trigger"/>: set up what the state declares.</summary>
    void OnEntered(FireScope<TData, TStatus> scope, StateModel<TData, TStatus> entered, string trigger);
}
