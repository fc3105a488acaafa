using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace SagaHub;

/// <summary>The MassTransit consumer of one message type on one saga's endpoint; all work is in <see cref="SagaRuntime"/>.</summary>
/// <typeparam name="TSaga">The saga definition.</typeparam>
/// <typeparam name="TMessage">The message type.</typeparam>
internal sealed class SagaConsumer<TSaga, TMessage>(SagaRegistration<TSaga> registration) : IConsumer<TMessage>
    where TSaga : class, ISagaDefinition
    where TMessage : class
{
    public Task Consume(ConsumeContext<TMessage> context) => registration.Runtime.HandleAsync(context);
}

/// <summary>The consumer of a command's MassTransit <see cref="Fault{T}"/>: the saga receives it as <see cref="CommandFault{TCommand}"/>.</summary>
/// <typeparam name="TSaga">The saga definition.</typeparam>
/// <typeparam name="TCommand">The command whose fault it is.</typeparam>
internal sealed class SagaFaultConsumer<TSaga, TCommand>(SagaRegistration<TSaga> registration) : IConsumer<Fault<TCommand>>
    where TSaga : class, ISagaDefinition
    where TCommand : class
{
    public Task Consume(ConsumeContext<Fault<TCommand>> context) =>
        registration.Runtime.HandleAsync(context, typeof(CommandFault<TCommand>), ToCommandFault(context.Message));

    /// <summary>The saga's view of a bus fault: the command, what the service threw, when.</summary>
    internal static CommandFault<TCommand> ToCommandFault(Fault<TCommand> fault) =>
        new(fault.Message, [.. (fault.Exceptions ?? []).Select(e => new FaultExceptionInfo(e.ExceptionType, e.Message))], new DateTimeOffset(DateTime.SpecifyKind(fault.Timestamp, DateTimeKind.Utc)), fault.FaultedMessageId);
}

/// <summary>Puts every consumer of one saga on the saga's queue, with its retry and concurrency limit.</summary>
/// <typeparam name="TSaga">The saga definition.</typeparam>
/// <typeparam name="TConsumer">The consumer (of one message type).</typeparam>
internal sealed class SagaConsumerDefinition<TSaga, TConsumer> : ConsumerDefinition<TConsumer>
    where TSaga : class, ISagaDefinition
    where TConsumer : class, IConsumer
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
        IConsumerConfigurator<TConsumer> consumerConfigurator,
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
    where TSaga : class, ISagaDefinition
{
    private SagaRuntime? runtime;

    public TSaga Saga => saga;

    public SagaEndpointOptions Options => options;

    public SagaRuntime Runtime => runtime ??= ActivatorUtilities.CreateInstance<SagaRuntime>(services, (ISagaRunner)saga);
}
