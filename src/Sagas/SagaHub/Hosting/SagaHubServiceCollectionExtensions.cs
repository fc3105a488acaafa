using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SagaHub;

/// <summary>The registration entry point.</summary>
public static class SagaHubServiceCollectionExtensions
{
    /// <summary>The longest <see cref="SagaHubOptions.DispatchTimeout"/>: <c>Task.WaitAsync</c> refuses more than about 49.7 days.</summary>
    private static readonly TimeSpan MaxDispatchTimeout = TimeSpan.FromDays(49);

    /// <summary>
    /// Adds SagaHub inside <c>AddMassTransit</c>: a receive endpoint per saga (made by <c>cfg.ConfigureEndpoints(context)</c>),
    /// the in-memory store unless another is chosen, the timer service, the outbox sweep, the task inbox and metrics.
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
        bus.TryAddSingleton<IOperatorAuditStore>(sp => sp.GetRequiredService<ISagaStore>());
        bus.AddOptions<SagaHubOptions>().Validate(o => o.TimerPollInterval > TimeSpan.Zero && o.OutboxSweepInterval > TimeSpan.Zero && o.DispatchTimeout > TimeSpan.Zero && o.DispatchTimeout <= MaxDispatchTimeout && o.GaugeRefreshInterval > TimeSpan.Zero, "SagaHub: TimerPollInterval, OutboxSweepInterval, DispatchTimeout and GaugeRefreshInterval must be positive, and DispatchTimeout at most 49 days (Task.WaitAsync's limit).").ValidateDataAnnotations().ValidateOnStart();
        bus.AddSingleton<SagaCatalog>();
        bus.AddSingleton<ISagaRegistry>(sp => sp.GetRequiredService<SagaCatalog>());
        bus.AddSingleton<SagaMetrics>();
        bus.AddSingleton<OutboxDispatcher>();
        bus.AddSingleton<ISagaTimers, SagaTimers>();
        bus.AddSingleton<SagaTimerSignal>();
        bus.AddSingleton<IOutboxSweeper, OutboxSweeper>();
        bus.AddSingleton<IHumanTaskInbox, HumanTaskInbox>();
        bus.AddSingleton<ISagaOperations, SagaOperations>();
        bus.AddHostedService<BackgroundRunner>();
        configure(builder);
        return bus;
    }
}
