using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace SagaHub;

/// <summary>The MassTransit consumer of one message type on one saga's endpoint; all work is in <see cref="SagaRuntime"/>.</summary>
/// <typeparam name="TSaga">The saga definition.</typeparam>
/// <typeparam name="TMessage">The message type.</typeparam>
internal sealed class SagaConsumer<TSaga, TMessage>(SagaRegistration<TSaga> registration) : IConsumer<TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    public Task Consume(ConsumeContext<TMessage> context) => registration.Runtime.HandleAsync(context);
}

/// <summary>Puts every consumer of one saga on the saga's queue, with its retry and concurrency limit.</summary>
/// <typeparam name="TSaga">The saga definition.</typeparam>
/// <typeparam name="TMessage">The message type.</typeparam>
internal sealed class SagaConsumerDefinition<TSaga, TMessage> : ConsumerDefinition<SagaConsumer<TSaga, TMessage>>
    where TSaga : class, ISaga
    where TMessage : class
{
    private readonly SagaEndpointOptions options;
    private readonly string owner;

    public SagaConsumerDefinition(SagaRegistration<TSaga> registration)
    {
        EndpointName = registration.Saga.QueueName;
        options = registration.Options;
        owner = registration.Saga.Name;
        if (options.ConcurrentMessageLimit is { } limit)
        {
            ConcurrentMessageLimit = limit;
        }
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SagaConsumer<TSaga, TMessage>> consumerConfigurator,
        IRegistrationContext context)
    {
        MessageSizeLimit.Apply(endpointConfigurator, options.MaxMessageSize, owner, context);
        RequeueWhileStopping.Apply(endpointConfigurator, owner, context);
        consumerConfigurator.UseSagaHubRetry(options.Retry, owner);
    }
}

/// <summary>One registered saga: its definition instance, endpoint options and runtime.</summary>
/// <typeparam name="TSaga">The saga definition.</typeparam>
internal sealed class SagaRegistration<TSaga>(TSaga saga, SagaEndpointOptions options, IServiceProvider services)
    where TSaga : class, ISaga
{
    private SagaRuntime? runtime;

    public TSaga Saga => saga;

    public SagaEndpointOptions Options => options;

    public SagaRuntime Runtime => runtime ??= ActivatorUtilities.CreateInstance<SagaRuntime>(services, (ISagaDefinition)saga);
}
