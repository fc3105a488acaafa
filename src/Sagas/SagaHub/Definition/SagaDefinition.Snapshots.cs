using System.Text.Json;

namespace SagaHub;

/// <content>Snapshots: an instance as the row a store saves, and back; firing a message at a stored row.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    SagaStep ISagaRunner.Fire(SagaSnapshot? snapshot, Guid sagaId, Type messageType, object message, Guid messageId, DateTimeOffset now)
    {
        var instance = snapshot is null ? NewInstance(sagaId) : FromSnapshot(snapshot);
        var result = FireCore(instance, messageType, message, messageId, now);
        if (result.Outcome == FireOutcome.Stale || (snapshot is null && result.Outcome != FireOutcome.Applied))
        {
            return new SagaStep(result, null);
        }

        return new SagaStep(result, ToSnapshot(instance));
    }

    /// <summary>Turns an instance into the row a store saves (the version is the one it replaces).</summary>
    /// <param name="instance">The instance.</param>
    /// <returns>The snapshot.</returns>
    public SagaSnapshot ToSnapshot(SagaInstance<TData, TStatus> instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new SagaSnapshot
        {
            SagaType = Name,
            SagaId = instance.Id,
            State = instance.Status.ToString(),
            IsFinal = instance.IsFinal,
            IsParked = instance.IsParked,
            ExpectedBy = instance.ExpectedBy,
            SearchValues = SearchValuesOf(instance.Data),
            Data = JsonSerializer.Serialize(instance.Data, Json),
            Version = instance.Version,
            LastSequence = instance.LastSequence,
            Deadline = instance.Deadline,
            Compensations = [.. instance.CompensationStack],
            Compensating = instance.Compensating,
            JoinArrivals = [.. instance.JoinArrivalList],
            Task = instance.Task,
            Attempt = instance.Attempt,
            CreatedAt = instance.CreatedAt,
            UpdatedAt = instance.UpdatedAt,
            DefinitionVersion = Version,
        };
    }

    /// <summary>Rebuilds an instance from a stored row.</summary>
    /// <param name="snapshot">The row.</param>
    /// <returns>The instance.</returns>
    public SagaInstance<TData, TStatus> FromSnapshot(SagaSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!Enum.TryParse<TStatus>(snapshot.State, out var status))
        {
            throw new SagaConfigurationException($"Saga '{Name}' {snapshot.SagaId} is stored in state '{snapshot.State}', which {typeof(TStatus).Name} does not define.");
        }

        var data = JsonSerializer.Deserialize<TData>(snapshot.Data, Json) ?? new TData();
        var instance = new SagaInstance<TData, TStatus>(snapshot.SagaId, data)
        {
            Status = status,
            IsStarted = true,
            IsFinal = snapshot.IsFinal,
            IsParked = states.TryGetValue(status, out var model) && model.IsParked,
            ExpectedBy = snapshot.ExpectedBy,
            Version = snapshot.Version,
            LastSequence = snapshot.LastSequence,
            Deadline = snapshot.Deadline,
            Compensating = snapshot.Compensating,
            Task = snapshot.Task,
            Attempt = snapshot.Attempt,
            CreatedAt = snapshot.CreatedAt,
            UpdatedAt = snapshot.UpdatedAt,
        };
        instance.CompensationStack.AddRange(snapshot.Compensations);
        instance.JoinArrivalList.AddRange(snapshot.JoinArrivals);
        return instance;
    }
}
