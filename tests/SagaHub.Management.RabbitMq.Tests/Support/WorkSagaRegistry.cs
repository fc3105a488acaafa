namespace SagaHub.Management.RabbitMq.Tests.Support;

/// <summary>A host that runs one saga, WorkSaga, on the queue <c>work-saga</c>: all the dead letters read of a saga is its name and queue.</summary>
public sealed class WorkSagaRegistry : ISagaRegistry, ISagaDefinition
{
    public IReadOnlyCollection<ISagaDefinition> Sagas => [this];

    public string Name => "WorkSaga";

    public string QueueName => DeadLetterWorld.SagaQueue;

    public int Version => 1;

    public IReadOnlyCollection<string> FinalStates => [];

    public ISagaDefinition? Find(string name) => name == Name ? this : null;

    public void Validate()
    {
    }

    public string ToMermaid() => throw new NotSupportedException();

    public string ToDot() => throw new NotSupportedException();

    public SagaGraph Describe() => throw new NotSupportedException();
}
