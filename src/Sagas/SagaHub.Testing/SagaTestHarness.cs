using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SagaHub.Testing;

/// <summary>
/// Sagas and services on MassTransit's in-memory test harness, with a manual clock: publish messages, wait for a state
/// (event-driven), advance time so timeouts fire, and assert transitions, history and messages.
/// </summary>
/// <example><code>
/// await using var harness = await SagaTestHarness.StartAsync(hub => hub.AddSaga&lt;OrderSaga&gt;(), bus => bus.AddInventoryService());
/// await harness.PublishAsync(new OrderSubmitted(orderId, "c-1", lines));
/// (await harness.WaitForStateAsync&lt;OrderSaga&gt;(orderId, OrderStatus.Completed)).WentThrough(...);
/// </code></example>
public sealed partial class SagaTestHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly HarnessObserver observer;
    private readonly ISagaUnitOfWorkStore rows;
    private readonly ISagaQueryStore queries;

    private SagaTestHarness(ServiceProvider provider, ManualTimeProvider clock)
    {
        this.provider = provider;
        Clock = clock;
        Bus = provider.GetRequiredService<ITestHarness>();
        Store = provider.GetRequiredService<ISagaStore>();
        rows = provider.GetRequiredService<ISagaUnitOfWorkStore>();
        queries = provider.GetRequiredService<ISagaQueryStore>();
        Tasks = provider.GetRequiredService<IHumanTaskInbox>();
        observer = provider.GetServices<ISagaObserver>().OfType<HarnessObserver>().Single();
    }

    /// <summary>MassTransit's test harness: <c>Published</c>, <c>Sent</c>, <c>Consumed</c>.</summary>
    public ITestHarness Bus { get; }

    /// <summary>The clock every saga uses.</summary>
    public ManualTimeProvider Clock { get; }

    /// <summary>The saga store, every role (in memory unless the hub configured another).</summary>
    public ISagaStore Store { get; }

    /// <summary>The human task inbox.</summary>
    public IHumanTaskInbox Tasks { get; }

    /// <summary>The service provider (to reach service stores and options).</summary>
    public IServiceProvider Services => provider;

    /// <summary>How long a wait may take before it fails with the saga's history.</summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The saga outbox's hand-over timeout under the harness: longer than a test advances its clock at once (a jump is not
    /// a bus that hangs), within what <see cref="Task.WaitAsync(TimeSpan, TimeProvider)"/> accepts (under 49.7 days).
    /// </summary>
    private static readonly TimeSpan DispatchTimeout = TimeSpan.FromDays(40);

    /// <summary>Builds and starts a harness with one call.</summary>
    /// <param name="configureHub">Adds sagas (and options) as in <c>AddSagaHub</c>.</param>
    /// <param name="configureBus">Adds service consumers and anything else inside <c>AddMassTransit</c>.</param>
    /// <param name="configureServices">Adds other services.</param>
    /// <returns>The started harness.</returns>
    public static async Task<SagaTestHarness> StartAsync(
        Action<SagaHubBuilder> configureHub,
        Action<IBusRegistrationConfigurator>? configureBus = null,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(configureHub);
        var clock = new ManualTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<HarnessObserver>();
        services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<HarnessObserver>());
        configureServices?.Invoke(services);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddSagaHub(hub =>
            {
                hub.Configure(o =>
                {
                    o.RunBackgroundServices = false;
                    o.DispatchTimeout = DispatchTimeout; // the clock jumps when a test advances it: a jump is not a bus that hangs
                });
                configureHub(hub);
            });
            configureBus?.Invoke(x);
        });

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var harness = new SagaTestHarness(provider, clock);
        await harness.Bus.Start().ConfigureAwait(false);
        return harness;
    }

    /// <summary>Publishes a message, optionally with a fixed message id (publish twice with one id to test the inbox).</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="message">The message.</param>
    /// <param name="messageId">The message id; new when omitted.</param>
    /// <returns>The message id used.</returns>
    public async Task<Guid> PublishAsync<T>(T message, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        await Bus.Bus.Publish(message, Pipe.Execute<PublishContext<T>>(c => c.MessageId = id)).ConfigureAwait(false);
        return id;
    }

    /// <summary>Sends a message to a queue, optionally with a fixed message id.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="queue">The queue name.</param>
    /// <param name="message">The message.</param>
    /// <param name="messageId">The message id; new when omitted.</param>
    /// <returns>The message id used.</returns>
    public async Task<Guid> SendAsync<T>(string queue, T message, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        var endpoint = await Bus.Bus.GetSendEndpoint(new Uri($"queue:{queue}")).ConfigureAwait(false);
        await endpoint.Send(message, Pipe.Execute<SendContext<T>>(c => c.MessageId = id)).ConfigureAwait(false);
        return id;
    }

    /// <summary>
    /// Waits until the saga is in <paramref name="state"/>: it is in it when the call is made, or reaches it afterwards (even if it
    /// leaves again at once). A state it was in and left before the call does not count. Fails with its history after <see cref="WaitTimeout"/>.
    /// </summary>
    /// <typeparam name="TSaga">The saga definition.</typeparam>
    /// <param name="sagaId">The instance.</param>
    /// <param name="state">The state (enum value or name).</param>
    /// <returns>Assertions on the saga.</returns>
    public Task<SagaAssertion> WaitForStateAsync<TSaga>(Guid sagaId, object state)
        where TSaga : class, ISagaDefinition
    {
        ArgumentNullException.ThrowIfNull(state);
        var name = SagaName<TSaga>();
        return WaitAsync(name, sagaId, s => s?.State == state.ToString(), $"state {state}", pastCommits: false);
    }

    /// <summary>Waits until the saga has handled the message with this id (applied, rejected, ignored or stale).</summary>
    /// <typeparam name="TSaga">The saga definition.</typeparam>
    /// <param name="sagaId">The instance.</param>
    /// <param name="messageId">The message id.</param>
    /// <returns>Assertions on the saga.</returns>
    public async Task<SagaAssertion> WaitForMessageAsync<TSaga>(Guid sagaId, Guid messageId)
        where TSaga : class, ISagaDefinition
    {
        var name = SagaName<TSaga>();
        await observer.WaitAsync(c => c.SagaType == name && c.SagaId == sagaId && c.MessageId == messageId, WaitTimeout, () => DescribeAsync(name, sagaId)).ConfigureAwait(false);
        return await AssertAsync(name, sagaId).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the saga's commits since the harness started wrote <paramref name="count"/> history rows of <paramref name="kind"/>,
    /// e.g. the second <see cref="SagaHistoryKind.AttemptFailed"/> of a step with a retry policy.
    /// </summary>
    /// <typeparam name="TSaga">The saga definition.</typeparam>
    /// <param name="sagaId">The instance.</param>
    /// <param name="kind">The kind of row.</param>
    /// <param name="count">How many; at least 1.</param>
    /// <returns>Assertions on the saga.</returns>
    public async Task<SagaAssertion> WaitForHistoryAsync<TSaga>(Guid sagaId, SagaHistoryKind kind, int count = 1)
        where TSaga : class, ISagaDefinition
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var name = SagaName<TSaga>();
        await observer.WaitAsync(
            _ => observer.HistoryCount(name, sagaId, kind) >= count,
            WaitTimeout,
            async () => $"waited {WaitTimeout} for {count} {kind} row(s) of {name} {sagaId}, saw {observer.HistoryCount(name, sagaId, kind)}.{Environment.NewLine}{await DescribeAsync(name, sagaId).ConfigureAwait(false)}",
            alreadyTrue: () => Task.FromResult(observer.HistoryCount(name, sagaId, kind) >= count),
            pastCommits: false).ConfigureAwait(false);
        return await AssertAsync(name, sagaId).ConfigureAwait(false);
    }

    /// <summary>Waits until the saga's inbox skipped the message with this id as one it had already handled (publish or send it twice with one id).</summary>
    /// <typeparam name="TSaga">The saga definition.</typeparam>
    /// <param name="sagaId">The instance.</param>
    /// <param name="messageId">The message id.</param>
    /// <returns>Assertions on the saga, which the duplicate did not change.</returns>
    public async Task<SagaAssertion> WaitForDuplicateAsync<TSaga>(Guid sagaId, Guid messageId)
        where TSaga : class, ISagaDefinition
    {
        var name = SagaName<TSaga>();
        await observer.WaitForDuplicateAsync(d => d.SagaType == name && d.SagaId == sagaId && d.MessageId == messageId, WaitTimeout, async () => $"waited {WaitTimeout} for {name} {sagaId} to skip message {messageId} as a duplicate.{Environment.NewLine}{await DescribeAsync(name, sagaId).ConfigureAwait(false)}").ConfigureAwait(false);
        return await AssertAsync(name, sagaId).ConfigureAwait(false);
    }

    /// <summary>Assertions on a saga as it is now.</summary>
    /// <typeparam name="TSaga">The saga definition.</typeparam>
    /// <param name="sagaId">The instance.</param>
    /// <returns>Assertions on the saga.</returns>
    public Task<SagaAssertion> SagaAsync<TSaga>(Guid sagaId)
        where TSaga : class, ISagaDefinition => AssertAsync(SagaName<TSaga>(), sagaId);

    /// <summary>
    /// Moves the clock forward, fires every deadline now due (timeouts, escalations, expiries) and
    /// waits until each saga has handled its timer message.
    /// </summary>
    /// <param name="by">How far to move the clock.</param>
    /// <returns>How many deadlines fired.</returns>
    public async Task<int> AdvanceTimeAsync(TimeSpan by)
    {
        Clock.Advance(by);
        var before = observer.TimerCommits;
        var fired = await provider.GetRequiredService<ISagaTimers>().FireDueAsync().ConfigureAwait(false);
        await observer.WaitAsync(_ => observer.TimerCommits >= before + fired, WaitTimeout, () => Task.FromResult($"{fired} timer message(s) fired, {observer.TimerCommits - before} handled")).ConfigureAwait(false);
        return fired;
    }

    /// <summary>Waits until a message of type <typeparamref name="T"/> matching <paramref name="filter"/> was published.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="filter">The condition.</param>
    /// <returns>The message.</returns>
    public async Task<T> PublishedAsync<T>(Func<T, bool> filter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var timeout = new CancellationTokenSource(WaitTimeout);
        var found = await Bus.Published.SelectAsync<T>(m => filter(m.Context.Message), timeout.Token).FirstOrDefault().ConfigureAwait(false);
        return found?.Context.Message ?? throw new SagaAssertionException($"no {typeof(T).Name} matching the filter was published within {WaitTimeout}; published: {string.Join(", ", Bus.Published.Select<object>().Select(p => p.MessageType.Name))}");
    }

    /// <summary>Waits until a message of type <typeparamref name="T"/> matching <paramref name="filter"/> was sent.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="filter">The condition.</param>
    /// <returns>The message.</returns>
    public async Task<T> SentAsync<T>(Func<T, bool> filter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var timeout = new CancellationTokenSource(WaitTimeout);
        var found = await Bus.Sent.SelectAsync<T>(m => filter(m.Context.Message), timeout.Token).FirstOrDefault().ConfigureAwait(false);
        return found?.Context.Message ?? throw new SagaAssertionException($"no {typeof(T).Name} matching the filter was sent within {WaitTimeout}; sent: {string.Join(", ", Bus.Sent.Select<object>().Select(p => p.MessageType.Name))}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Bus.Stop().ConfigureAwait(false);
        await provider.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The registered definition's <see cref="ISagaDefinition.Name"/> (which a definition may override), else the type's name.</summary>
    private string SagaName<TSaga>()
        where TSaga : class, ISagaDefinition => provider.GetRequiredService<ISagaRegistry>().Sagas.OfType<TSaga>().FirstOrDefault()?.Name ?? typeof(TSaga).Name;

    private async Task<SagaAssertion> WaitAsync(string sagaType, Guid sagaId, Func<SagaSnapshot?, bool> condition, string what, bool pastCommits)
    {
        await observer.WaitAsync(
            c => c.SagaType == sagaType && c.SagaId == sagaId && condition(c.Snapshot),
            WaitTimeout,
            async () => $"waited {WaitTimeout} for {sagaType} {sagaId} to reach {what}.{Environment.NewLine}{await DescribeAsync(sagaType, sagaId).ConfigureAwait(false)}",
            () => rows.LoadAsync(sagaType, sagaId).AsTask().ContinueWith(t => condition(t.Result), TaskScheduler.Default),
            pastCommits).ConfigureAwait(false);
        return await AssertAsync(sagaType, sagaId).ConfigureAwait(false);
    }

    private async Task<SagaAssertion> AssertAsync(string sagaType, Guid sagaId)
    {
        var snapshot = await rows.LoadAsync(sagaType, sagaId).ConfigureAwait(false)
            ?? throw new SagaAssertionException($"there is no {sagaType} {sagaId}.");
        return new SagaAssertion(snapshot, await queries.GetHistoryAsync(sagaType, sagaId).ConfigureAwait(false));
    }

    private async Task<string> DescribeAsync(string sagaType, Guid sagaId) =>
        SagaAssertion.Describe(await rows.LoadAsync(sagaType, sagaId).ConfigureAwait(false), await queries.GetHistoryAsync(sagaType, sagaId).ConfigureAwait(false));
}
