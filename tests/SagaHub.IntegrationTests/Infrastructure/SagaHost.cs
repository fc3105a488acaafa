using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.IntegrationTests.Infrastructure;

/// <summary>
/// One saga-host process, in-process: a generic host with MassTransit on the local RabbitMQ (the
/// tests' virtual host), SagaHub with the PostgreSQL store in the given schema, and a
/// <see cref="SagaWatcher"/>. Two of them on one schema are two competing saga hosts.
/// </summary>
public sealed class SagaHost : IAsyncDisposable
{
    private readonly IHost host;

    private SagaHost(IHost host)
    {
        this.host = host;
        Watcher = host.Services.GetRequiredService<SagaWatcher>();
    }

    public SagaWatcher Watcher { get; }

    public IServiceProvider Services => host.Services;

    public IBus Bus => host.Services.GetRequiredService<IBus>();

    public ISagaStore Store => host.Services.GetRequiredService<ISagaStore>();

    /// <summary>Builds and starts a host.</summary>
    /// <param name="schema">The PostgreSQL schema of the saga store.</param>
    /// <param name="hub">Adds sagas (and may decorate the store).</param>
    /// <param name="bus">Adds consumers (services, test workers).</param>
    /// <param name="options">Runtime settings (timers, sweep).</param>
    /// <param name="services">Extra registrations, applied last.</param>
    /// <param name="store">Changes the store's settings (connection string, outbox delete timing), applied after the defaults.</param>
    /// <param name="virtualHost">The RabbitMQ virtual host; the tests' shared one when null.</param>
    public static async Task<SagaHost> StartAsync(
        string schema,
        Action<SagaHubBuilder> hub,
        Action<IBusRegistrationConfigurator>? bus = null,
        Action<SagaHubOptions>? options = null,
        Action<IServiceCollection>? services = null,
        Action<SagaStoreOptions>? store = null,
        string? virtualHost = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<SagaWatcher>();
        builder.Services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<SagaWatcher>());
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(15);
        });
        builder.Services.AddMassTransit(x =>
        {
            x.AddSagaHub(h =>
            {
                h.UseEntityFrameworkStore(o =>
                {
                    o.UsePostgreSql(IntegrationSettings.PostgreSql).Schema = schema;
                    store?.Invoke(o);
                });
                h.Configure(o =>
                {
                    o.TimerPollInterval = TimeSpan.FromMilliseconds(100);
                    o.OutboxSweepInterval = TimeSpan.FromMilliseconds(200);
                    o.OutboxSweepAge = TimeSpan.FromSeconds(5); // rows younger than this belong to their dispatcher
                    options?.Invoke(o);
                });
                hub(h);
            });
            bus?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(IntegrationSettings.RabbitHost, 5672, virtualHost ?? IntegrationSettings.RabbitVirtualHost, h =>
                {
                    h.Username(IntegrationSettings.RabbitUser);
                    h.Password(IntegrationSettings.RabbitPassword);
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new SagaHost(host);
    }

    /// <summary>Sends a message to a queue, optionally with a fixed message id (a redelivery).</summary>
    public async Task SendAsync<T>(string queue, T message, Guid? messageId = null)
        where T : class
    {
        var endpoint = await Bus.GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(message, c =>
        {
            if (messageId is { } id)
            {
                c.MessageId = id;
            }
        });
    }

    /// <summary>Stops the host (a graceful shutdown, like a restart's first half).</summary>
    public async Task StopAsync()
    {
        await host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync();
        }
        finally
        {
            host.Dispose();
        }
    }
}

/// <summary>Replaces the registered <see cref="ISagaStore"/> with a decorator around it.</summary>
public static class StoreDecoration
{
    public static SagaHubBuilder DecorateStore(this SagaHubBuilder hub, Func<ISagaStore, ISagaStore> decorate)
    {
        var inner = hub.Services.Last(d => d.ServiceType == typeof(ISagaStore));
        hub.Services.RemoveAll<ISagaStore>();
        hub.Services.AddSingleton(sp => decorate((ISagaStore)inner.ImplementationFactory!(sp)));
        return hub;
    }
}

/// <summary>A store that passes every call to another; tests override the calls they interfere with.</summary>
public abstract class DelegatingSagaStore(ISagaStore inner) : ISagaStore
{
    protected ISagaStore Inner => inner;

    /// <summary>The inner store's own unit of work (for the EF store: one transaction, the row locked); override to watch or change sessions.</summary>
    public virtual ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default) => inner.BeginAsync(sagaType, sagaId, consumer, messageId, cancellationToken);

    public virtual ValueTask<SagaSnapshot?> LoadAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default) => inner.LoadAsync(sagaType, sagaId, cancellationToken);

    public virtual ValueTask<bool> WasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default) => inner.WasProcessedAsync(consumer, messageId, cancellationToken);

    public virtual ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default) => inner.CommitAsync(commit, cancellationToken);

    public ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default) => inner.GetHistoryAsync(sagaType, sagaId, cancellationToken);

    public ValueTask<IReadOnlyList<SagaSnapshot>> QueryAsync(SagaQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public ValueTask<IReadOnlyList<SagaStateCount>> CountAsync(DateTimeOffset at, string? sagaType = null, CancellationToken cancellationToken = default) => inner.CountAsync(at, sagaType, cancellationToken);

    public ValueTask AppendAuditAsync(OperatorAuditEntry entry, CancellationToken cancellationToken = default) => inner.AppendAuditAsync(entry, cancellationToken);

    public ValueTask<IReadOnlyList<OperatorAuditEntry>> ListAuditAsync(OperatorAuditQuery query, CancellationToken cancellationToken = default) => inner.ListAuditAsync(query, cancellationToken);

    public ValueTask<IReadOnlyList<DueDeadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, TimeSpan lease, int max, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default) => inner.ClaimDueDeadlinesAsync(now, lease, max, sagaTypes, cancellationToken);

    public ValueTask<DateTimeOffset?> NextDeadlineAsync(DateTimeOffset now, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default) => inner.NextDeadlineAsync(now, sagaTypes, cancellationToken);

    public ValueTask<IReadOnlyList<OutboxEntry>> GetUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default) => inner.GetUndispatchedAsync(createdBefore, max, cancellationToken);

    public ValueTask<IReadOnlyList<OutboxEntry>> ClaimUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default) => inner.ClaimUndispatchedAsync(createdBefore, max, cancellationToken);

    public ValueTask ReleaseUndispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) => inner.ReleaseUndispatchedAsync(messageIds, cancellationToken);

    public ValueTask MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.MarkDispatchedAsync(messageIds, at, cancellationToken);

    public ValueTask<HumanTask?> GetTaskAsync(Guid taskId, CancellationToken cancellationToken = default) => inner.GetTaskAsync(taskId, cancellationToken);

    public ValueTask<IReadOnlyList<HumanTask>> GetOpenTasksAsync(string? assignee, CancellationToken cancellationToken = default) => inner.GetOpenTasksAsync(assignee, cancellationToken);

    /// <summary>The inner store's decision (for the EF store: the task closed and its message in the outbox, in one transaction).</summary>
    public virtual ValueTask<HumanTaskDecisionResult> TryDecideTaskAsync(HumanTaskDecision decision, CancellationToken cancellationToken = default) => inner.TryDecideTaskAsync(decision, cancellationToken);
}

/// <summary>A session that passes every call to another; tests override the calls they interfere with.</summary>
public class DelegatingSession(ISagaStoreSession inner) : ISagaStoreSession
{
    public string SagaType => inner.SagaType;

    public Guid SagaId => inner.SagaId;

    public string Consumer => inner.Consumer;

    public Guid MessageId => inner.MessageId;

    public bool AlreadyProcessed => inner.AlreadyProcessed;

    public SagaSnapshot? Snapshot => inner.Snapshot;

    public virtual ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default) => inner.CommitAsync(commit, cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return inner.DisposeAsync();
    }
}
