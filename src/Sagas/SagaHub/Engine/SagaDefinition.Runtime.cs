using System.Text.Json;
using MassTransit;

namespace SagaHub;

/// <content>The untyped face used by the runtime: correlation, snapshots.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<object, Guid>?> faultCorrelations = new();
    private IReadOnlyCollection<Type>? consumed;

    /// <summary>The names of the final states.</summary>
    public IReadOnlyCollection<string> FinalStates => [.. states.Values.Where(s => s.IsFinal).Select(s => s.Name)];

    IReadOnlyCollection<Type> ISagaDefinition.ConsumedMessageTypes => consumed ??= ComputeConsumed();

    bool ISagaDefinition.CanStart(Type messageType) => initial.Transitions.Any(t => t.MessageType == messageType);

    Guid ISagaDefinition.Correlate(Type messageType, object message)
    {
        if (message is SagaTimeoutElapsed elapsed)
        {
            return elapsed.SagaId;
        }

        if (message is HumanTaskCompleted decision)
        {
            return decision.SagaId;
        }

        var selector = CorrelationOf(messageType) ?? throw new SagaConfigurationException($"Saga '{Name}' has no correlation for '{messageType.Name}'.");
        return selector(message);
    }

    SagaStep ISagaDefinition.Fire(SagaSnapshot? snapshot, Guid sagaId, Type messageType, object message, Guid messageId, DateTimeOffset now)
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
            Data = JsonSerializer.Serialize(instance.Data, Json),
            Version = instance.Version,
            LastSequence = instance.LastSequence,
            Deadline = instance.Deadline,
            Compensations = [.. instance.CompensationStack],
            Compensating = instance.Compensating,
            JoinArrivals = [.. instance.JoinArrivalList],
            Task = instance.Task,
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
            Version = snapshot.Version,
            LastSequence = snapshot.LastSequence,
            Deadline = snapshot.Deadline,
            Compensating = snapshot.Compensating,
            Task = snapshot.Task,
            CreatedAt = snapshot.CreatedAt,
            UpdatedAt = snapshot.UpdatedAt,
        };
        instance.CompensationStack.AddRange(snapshot.Compensations);
        instance.JoinArrivalList.AddRange(snapshot.JoinArrivals);
        return instance;
    }

    internal Func<object, Guid>? CorrelationOf(Type messageType)
    {
        if (correlations.TryGetValue(messageType, out var selector))
        {
            return selector;
        }

        return faultCorrelations.GetOrAdd(messageType, FaultCorrelation);
    }

    private Func<object, Guid>? FaultCorrelation(Type messageType)
    {
        if (messageType.IsGenericType && messageType.GetGenericTypeDefinition() == typeof(Fault<>)
            && correlations.TryGetValue(messageType.GetGenericArguments()[0], out var inner))
        {
            var property = messageType.GetProperty(nameof(Fault<object>.Message))!;
            return fault => inner(property.GetValue(fault)!);
        }

        return null;
    }

    private IReadOnlyCollection<Type> ComputeConsumed()
    {
        var types = new HashSet<Type>();
        var all = states.Values.Append(initial).ToList();
        foreach (var state in all)
        {
            foreach (var transition in state.Transitions)
            {
                if (transition.Kind is TriggerKind.Message)
                {
                    types.Add(transition.MessageType);
                }
                else if (transition.Kind is TriggerKind.Timeout or TriggerKind.TaskExpired)
                {
                    types.Add(typeof(SagaTimeoutElapsed));
                }
                else if (transition.Kind is TriggerKind.TaskApproved or TriggerKind.TaskRejected)
                {
                    types.Add(typeof(HumanTaskCompleted));
                }
            }

            types.UnionWith(state.Ignored);
            if (state.Join is { } join)
            {
                types.UnionWith(join.Members.Select(m => m.MessageType));
            }

            if (state.Task is not null)
            {
                types.Add(typeof(SagaTimeoutElapsed));
                types.Add(typeof(HumanTaskCompleted));
            }
        }

        if (compensation is { } model)
        {
            types.UnionWith(model.Confirmations.Values);
            types.UnionWith(model.Confirmations.Keys.Select(k => typeof(Fault<>).MakeGenericType(k)));
            if (model.Timeout is not null)
            {
                types.Add(typeof(SagaTimeoutElapsed));
            }
        }

        return types;
    }
}
