namespace SagaHub;

/// <content>Which messages the saga consumes and which instance each one belongs to.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<object, Guid>?> faultCorrelations = new();
    private IReadOnlyCollection<Type>? consumed;

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
        if (SagaFaults.CommandOf(messageType) is { } command && correlations.TryGetValue(command, out var inner))
        {
            return fault => inner(((ICommandFault)fault).Command);
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

            if (state.Retry is { } retry)
            {
                types.UnionWith(retry.Retryable.Select(r => r.MessageType));
                types.Add(typeof(SagaTimeoutElapsed));
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
            types.UnionWith(model.Confirmations.Keys.Select(SagaFaults.Of));
            if (model.Timeout is not null)
            {
                types.Add(typeof(SagaTimeoutElapsed));
            }
        }

        return types;
    }
}
