namespace SagaHub;

/// <summary>Collects what one message's transition sends and appends; message ids are derived from the trigger's id so a re-run is identical.</summary>
internal sealed class FireEffects
{
    private readonly Func<Type, string?> route;
    private readonly Guid sagaId;
    private readonly Guid messageId;

    public FireEffects(Guid sagaId, Guid messageId, Func<Type, string?> route, string sagaName)
    {
        this.sagaId = sagaId;
        this.messageId = messageId;
        this.route = route;
        SagaName = sagaName;
    }

    public string SagaName { get; }

    public List<OutgoingMessage> Outgoing { get; } = [];

    public void Send(Type type, object message, string? destination)
    {
        var queue = destination ?? route(type) ?? throw new SagaExecutionException(
            $"Saga '{SagaName}' sends '{type.Name}' but declares no queue for it: add SendTo(\"queue-name\", typeof({type.Name})) to the definition, or pass the queue to Send.");
        Outgoing.Add(new OutgoingMessage(NextId(), type, message, queue));
    }

    public void Publish(Type type, object message) => Outgoing.Add(new OutgoingMessage(NextId(), type, message, null));

    private Guid NextId() => DeterministicIds.For(sagaId, messageId, Outgoing.Count);
}
