using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
    public SagaHubBuilder AddSaga<TSaga>(Action<SagaEndpointOptions>? configure = null)
        where TSaga : class, ISaga, new() => AddSaga(new TSaga(), configure);

    /// <summary>Registers a saga from a definition instance (for definitions that take options).</summary>
    /// <typeparam name="TSaga">The saga definition.</typeparam>
    /// <param name="saga">The definition.</param>
    /// <param name="configure">Optional endpoint settings (retry, concurrency limit).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="SagaDefinitionException">The definition is invalid (checked here, at start-up).</exception>
    /// <exception cref="SagaConfigurationException">The saga, its name or its queue is registered twice.</exception>
    public SagaHubBuilder AddSaga<TSaga>(TSaga saga, Action<SagaEndpointOptions>? configure = null)
        where TSaga : class, ISaga
    {
        ArgumentNullException.ThrowIfNull(saga);
        if (saga is not ISagaDefinition definition)
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
        where TSaga : class, ISaga
        where TMessage : class =>
        bus.AddConsumer<SagaConsumer<TSaga, TMessage>, SagaConsumerDefinition<TSaga, SagaConsumer<TSaga, TMessage>>>();

    /// <summary>A command's fault arrives as MassTransit's <see cref="Fault{T}"/> and reaches the saga as <see cref="CommandFault{TCommand}"/>.</summary>
    private void RegisterFaultConsumer<TSaga, TCommand>()
        where TSaga : class, ISaga
        where TCommand : class =>
        bus.AddConsumer<SagaFaultConsumer<TSaga, TCommand>, SagaConsumerDefinition<TSaga, SagaFaultConsumer<TSaga, TCommand>>>();
}

/// <summary>The registration entry point.</summary>
public static class SagaHubServiceCollectionExtensions
{
    /// <summary>
    /// Adds SagaHub inside <c>AddMassTransit</c>: each saga gets one receive endpoint (created by
    /// <c>cfg.ConfigureEndpoints(context)</c>), the in-memory store unless another is chosen, the
    /// timer service, the outbox sweep, the task inbox and metrics.
    /// </summary>
    /// <param name="bus">MassTransit's registration configurator.</param>
    /// <param name="configure">Adds sagas and options.</param>
    /// <returns>The same configurator.</returns>
    /// <example><code>
    /// services.AddMassTransit(x =>
    /// {
    ///     x.AddSagaHub(hub => hub.AddSaga&lt;OrderSaga&gt;());
    ///     x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
    /// });
    /// </code></example>
    public static IBusRegistrationConfigurator AddSagaHub(this IBusRegistrationConfigurator bus, Action<SagaHubBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(configure);
        if (bus.Any(d => d.ServiceType == typeof(SagaCatalog)))
        {
            throw new SagaConfigurationException("AddSagaHub is called twice; register every saga in one AddSagaHub(hub => ...) call.");
        }

        var builder = new SagaHubBuilder(bus);
        bus.TryAddSingleton(TimeProvider.System);
        bus.TryAddSingleton<DispatchHealth>();
        bus.TryAddSingleton<ISagaStore, InMemorySagaStore>();
        // Every role is the one store (decorating ISagaStore decorates them all).
        bus.TryAddSingleton<ISagaUnitOfWorkStore>(sp => sp.GetRequiredService<ISagaStore>());
        bus.TryAddSingleton<ISagaDeadlineStore>(sp => sp.GetRequiredService<ISagaStore>());
        bus.TryAddSingleton<ISagaOutboxStore>(sp => sp.GetRequiredService<ISagaStore>());
        bus.TryAddSingleton<IHumanTaskStore>(sp => sp.GetRequiredService<ISagaStore>());
        bus.TryAddSingleton<ISagaQueryStore>(sp => sp.GetRequiredService<ISagaStore>());
        bus.AddOptions<SagaHubOptions>().Validate(o => o.TimerPollInterval > TimeSpan.Zero && o.OutboxSweepInterval > TimeSpan.Zero && o.DispatchTimeout > TimeSpan.Zero, "SagaHub: TimerPollInterval, OutboxSweepInterval and DispatchTimeout must be positive.").ValidateDataAnnotations().ValidateOnStart();
        bus.AddSingleton<SagaCatalog>();
        bus.AddSingleton<SagaMetrics>();
        bus.AddSingleton<OutboxDispatcher>();
        bus.AddSingleton<ISagaTimers, SagaTimers>();
        bus.AddSingleton<SagaTimerSignal>();
        bus.AddSingleton<IOutboxSweeper, OutboxSweeper>();
        bus.AddSingleton<IHumanTaskInbox, HumanTaskInbox>();
        bus.AddHostedService<BackgroundRunner>();
        configure(builder);
        return bus;
    }
}

/// <summary>All sagas this host runs, by name.</summary>
internal sealed class SagaCatalog(IEnumerable<ISagaDefinition> sagas)
{
    private readonly Dictionary<string, ISagaDefinition> byName = sagas.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<ISagaDefinition> All => byName.Values;

    public ISagaDefinition? Find(string name) => byName.GetValueOrDefault(name);
}

/// <summary>
/// Starts the timer service and outbox sweep unless the options turn them off. Stopping is safe to call
/// twice at once (a WebApplicationFactory host is stopped by its own RunAsync and by the factory's dispose):
/// the first call takes the running services, a concurrent one finds none.
/// </summary>
internal sealed class BackgroundRunner(IServiceProvider services, IOptions<SagaHubOptions> options) : Microsoft.Extensions.Hosting.IHostedService
{
    private readonly Lock gate = new();
    private List<Microsoft.Extensions.Hosting.BackgroundService> running = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RunBackgroundServices)
        {
            return;
        }

        List<Microsoft.Extensions.Hosting.BackgroundService> started =
        [
            ActivatorUtilities.CreateInstance<SagaTimerService>(services),
            ActivatorUtilities.CreateInstance<OutboxSweepService>(services),
        ];
        lock (gate)
        {
            running = [.. running, .. started];
        }

        foreach (var service in started)
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<Microsoft.Extensions.Hosting.BackgroundService> stopping;
        lock (gate)
        {
            (stopping, running) = (running, []);
        }

        foreach (var service in stopping)
        {
            await service.StopAsync(cancellationToken).ConfigureAwait(false);
            service.Dispose();
        }
    }
}
