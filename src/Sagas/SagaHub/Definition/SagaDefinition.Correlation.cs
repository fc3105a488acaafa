using System.Linq.Expressions;
using System.Reflection;

namespace SagaHub;

/// <content>Which messages the saga consumes and which instance each one belongs to.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<object, Guid>?> faultCorrelations = new();
    private readonly List<(Type Contract, Func<object, Guid> Selector)> sharedCorrelations = [];
    private IReadOnlyCollection<Type>? consumed;
    private string? correlationProperty;

    /// <summary>The property <see cref="CorrelateBy"/> names, if declared.</summary>
    internal string? CorrelationProperty => correlationProperty;

    /// <summary>
    /// Correlates every message this saga handles (and every command whose fault it handles) that has no
    /// <c>Correlate&lt;T&gt;</c> of its own by its public <see cref="Guid"/> property <paramref name="propertyName"/>, e.g. <c>OrderId</c>.
    /// </summary>
    /// <remarks>Validation names each handled message without such a property.</remarks>
    /// <param name="propertyName">The property's name (<c>nameof(OrderSubmitted.OrderId)</c>).</param>
    protected void CorrelateBy(string propertyName)
    {
        if (string.IsNullOrWhiteSpace(propertyName))
        {
            declarationErrors.Add("CorrelateBy needs a property name");
            return;
        }

        if (correlationProperty is not null)
        {
            declarationErrors.Add($"CorrelateBy is declared twice ('{correlationProperty}', '{propertyName}')");
        }

        correlationProperty = propertyName.Trim();
    }

    /// <summary>Correlates every message that implements <typeparamref name="TContract"/> (and has no <c>Correlate&lt;T&gt;</c> of its own) by <paramref name="selector"/>.</summary>
    /// <typeparam name="TContract">An interface or base type the saga's messages share, e.g. <c>IOrderMessage</c>.</typeparam>
    /// <param name="selector">Picks the correlation id out of the message.</param>
    protected void CorrelateAll<TContract>(Func<TContract, Guid> selector)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (sharedCorrelations.Any(c => c.Contract == typeof(TContract)))
        {
            declarationErrors.Add($"CorrelateAll<{typeof(TContract).Name}> is declared twice");
        }

        sharedCorrelations.Add((typeof(TContract), m => selector((TContract)m)));
    }

    IReadOnlyCollection<Type> ISagaRunner.ConsumedMessageTypes => consumed ??= ComputeConsumed();

    bool ISagaRunner.CanStart(Type messageType) => initial.Transitions.Any(t => t.MessageType == messageType);

    Guid ISagaRunner.Correlate(Type messageType, object message)
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

        return faultCorrelations.GetOrAdd(messageType, Derived);
    }

    /// <summary>A correlation by declaration for all (shared contract, then property name), or a fault's by its command's.</summary>
    private Func<object, Guid>? Derived(Type messageType)
    {
        if (SagaFaults.CommandOf(messageType) is { } command)
        {
            return CorrelationOf(command) is { } inner ? fault => inner(((ICommandFault)fault).Command) : null;
        }

        foreach (var (contract, shared) in sharedCorrelations)
        {
            if (contract.IsAssignableFrom(messageType))
            {
                return shared;
            }
        }

        return correlationProperty is { } name ? ByProperty(messageType, name) : null;
    }

    /// <summary>A compiled read of <paramref name="messageType"/>'s <see cref="Guid"/> (or <c>Guid?</c>) property <paramref name="name"/>; null when it has none.</summary>
    private static Func<object, Guid>? ByProperty(Type messageType, string name)
    {
        var property = messageType.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        if (property?.GetMethod is null || (property.PropertyType != typeof(Guid) && property.PropertyType != typeof(Guid?)))
        {
            return null;
        }

        var message = Expression.Parameter(typeof(object), "message");
        Expression read = Expression.Property(Expression.Convert(message, messageType), property);
        if (property.PropertyType == typeof(Guid?))
        {
            read = Expression.Call(read, typeof(Guid?).GetMethod(nameof(Nullable<Guid>.GetValueOrDefault), Type.EmptyTypes)!);
        }

        return Expression.Lambda<Func<object, Guid>>(read, message).Compile();
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
