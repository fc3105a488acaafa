namespace SagaHub;

/// <summary>The untyped face of a saga definition, for the runtime and the store.</summary>
internal interface ISagaRunner : ISagaDefinition
{
    Type DataType { get; }

    Type StatusType { get; }

    IReadOnlyCollection<Type> ConsumedMessageTypes { get; }

    bool CanStart(Type messageType);

    Guid Correlate(Type messageType, object message);

    SagaActionChoices ActionsFor(SagaSnapshot snapshot);

    SagaStep Fire(SagaSnapshot? snapshot, Guid sagaId, Type messageType, object message, Guid messageId, DateTimeOffset now);
}
