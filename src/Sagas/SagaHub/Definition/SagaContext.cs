namespace SagaHub;

/// <summary>
/// What an action, guard or compensation factory sees: the saga's id and data, the time, and the means to send
/// commands and publish events.
/// </summary>
/// <remarks>Nothing leaves at once: outgoing messages are dispatched only after the saga's new state is saved.</remarks>
/// <typeparam name="TData">The saga's persisted data.</typeparam>
public class SagaContext<TData>
    where TData : class
{
    private readonly FireEffects effects;

    internal SagaContext(Guid sagaId, TData data, string state, DateTimeOffset now, FireEffects effects)
    {
        SagaId = sagaId;
        Data = data;
        State = state;
        Now = now;
        this.effects = effects;
    }

    /// <summary>The saga instance's correlation id.</summary>
    public Guid SagaId { get; }

    /// <summary>The saga's data; change it freely, it is saved with the transition.</summary>
    public TData Data { get; }

    /// <summary>The name of the state the saga is in while this action runs.</summary>
    public string State { get; }

    /// <summary>The time of this transition, from the injected <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Sends a command to the queue the definition routes its type to (<c>SendTo</c>).</summary>
    /// <typeparam name="TCommand">The command type.</typeparam>
    /// <param name="command">The command.</param>
    /// <exception cref="SagaExecutionException">No route was declared for <typeparamref name="TCommand"/>.</exception>
    public void Send<TCommand>(TCommand command)
        where TCommand : class
    {
        ArgumentNullException.ThrowIfNull(command);
        effects.Send(typeof(TCommand), command, destination: null);
    }

    /// <summary>Sends a command to a named queue.</summary>
    /// <typeparam name="TCommand">The command type.</typeparam>
    /// <param name="queue">The destination queue name.</param>
    /// <param name="command">The command.</param>
    public void Send<TCommand>(string queue, TCommand command)
        where TCommand : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentNullException.ThrowIfNull(command);
        effects.Send(typeof(TCommand), command, queue);
    }

    /// <summary>Publishes an event to every subscriber.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="event">The event.</param>
    public void Publish<TEvent>(TEvent @event)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(@event);
        effects.Publish(typeof(TEvent), @event);
    }
}
