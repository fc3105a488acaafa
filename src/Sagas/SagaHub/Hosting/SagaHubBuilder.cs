using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SagaHub;

/// <summary>Registers sagas and chooses the store; returned by <c>AddSagaHub</c>.</summary>
public sealed class SagaHubBuilder
{
    private readonly IBusRegistrationConfigurator bus;
    private readonly HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> queues = new(StringComparer.OrdinalIgnoreCase);

    internal SagaHubBuilder(IBusRegistrationConfigurator bus) => this.bus = bus;

    /// <summary>The service collection, for further registrations.</summary>
    public IServiceCollection Services => bus;

    /// <summary>Registers a saga whose definition has a parameterless constructor.</summary>
    /// <typeparam name="TSaga">The saga definition.</typeparam>
    /// <param name="configure">Optional endpoint settings (retry, concurrency limit).</param>
    /// <returns>This builder.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in a required first parameter (the definition instance), so no call is ambiguous.")]
    public SagaHubBuilder AddSaga<TSaga>(Action<SagaEndpointOptions>? configure = null)
        where TSaga : class, ISagaDefinition, new() => AddSaga(new TSaga(), configure);

    /// <summary>Registers a saga from a definition instance (for definitions that take options).</summary>
    /// <typeparam name="TSaga">The saga definition.</typeparam>
    /// <param name="saga">The definition.</param>
    /// <param name="configure">Optional endpoint settings (retry, concurrency limit).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="SagaDefinitionException">The definition is invalid (checked here, at start-up).</exception>
    /// <exception cref="SagaConfigurationException">The saga, its name or its queue is registered twice.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in a required first parameter (the definition instance), so no call is ambiguous.")]
    public SagaHubBuilder AddSaga<TSaga>(TSaga saga, Action<SagaEndpointOptions>? configure = null)
        where TSaga : class, ISagaDefinition
    {
        ArgumentNullException.ThrowIfNull(saga);
        if (saga is not ISagaRunner definition)
        {
            throw new SagaConfigurationException($"'{typeof(TSaga).Name}' must derive from SagaDefinition<TData, TStatus>.");
        }

        saga.Validate();
        if (!names.Add(saga.Name) || Services.Any(d => d.ServiceType == typeof(SagaRegistration<TSaga>)))
        {
            throw new SagaConfigurationException($"Saga '{saga.Name}' ({typeof(TSaga).Name}) is registered twice; call AddSaga once per saga.");
        }

        if (!queues.Add(saga.QueueName))
        {
            throw new SagaConfigurationException($"Saga '{saga.Name}' uses queue '{saga.QueueName}', which another saga already uses; override QueueName.");
        }

        var options = new SagaEndpointOptions();
        configure?.Invoke(options);
        options.Retry.Validate(saga.Name);
        MessageSizeLimit.Validate(options.MaxMessageSize, saga.Name);
        Services.AddSingleton(sp => new SagaRegistration<TSaga>(saga, options, sp));
        Services.AddSingleton(definition);
        var register = typeof(SagaHubBuilder).GetMethod(nameof(RegisterConsumer), BindingFlags.NonPublic | BindingFlags.Instance)!;
        var registerFault = typeof(SagaHubBuilder).GetMethod(nameof(RegisterFaultConsumer), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var messageType in definition.ConsumedMessageTypes)
        {
            var method = SagaFaults.CommandOf(messageType) is { } command ? registerFault.MakeGenericMethod(typeof(TSaga), command) : register.MakeGenericMethod(typeof(TSaga), messageType);
            method.Invoke(this, null);
        }

        return this;
    }

    /// <summary>
    /// Uses a store other than the in-memory default (the EF Core package adds SQLite and PostgreSQL). It is registered
    /// once, as <typeparamref name="TStore"/> and <see cref="ISagaStore"/>; every role interface resolves to it.
    /// </summary>
    /// <typeparam name="TStore">The store type, registered as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public SagaHubBuilder UseStore<TStore>()
        where TStore : class, ISagaStore
    {
        Services.RemoveAll<ISagaStore>();
        Services.AddSingleton<TStore>();
        Services.AddSingleton<ISagaStore>(sp => sp.GetRequiredService<TStore>());
        return this;
    }

    /// <summary>Changes runtime settings (timers, outbox sweep).</summary>
    /// <param name="configure">The change.</param>
    /// <returns>This builder.</returns>
    public SagaHubBuilder Configure(Action<SagaHubOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    private void RegisterConsumer<TSaga, TMessage>()
        where TSaga : class, ISagaDefinition
        where TMessage : class =>
        bus.AddConsumer<SagaConsumer<TSaga, TMessage>, SagaConsumerDefinition<TSaga, SagaConsumer<TSaga, TMessage>>>();

    /// <summary>A command's fault arrives as MassTransit's <see cref="Fault{T}"/> and reaches the saga as <see cref="CommandFault{TCommand}"/>.</summary>
    private void RegisterFaultConsumer<TSaga, TCommand>()
        where TSaga : class, ISagaDefinition
        where TCommand : class =>
        bus.AddConsumer<SagaFaultConsumer<TSaga, TCommand>, SagaConsumerDefinition<TSaga, SagaFaultConsumer<TSaga, TCommand>>>();
}
