using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SagaHub.Services.Tests.Infrastructure;

/// <summary>
/// A started MassTransit in-memory test harness with some services registered, a fake clock and a
/// recording logger. Waits are on harness activity only, never on sleeps. Every service keeps its
/// data in its own SQLite temp database (the default), deleted when the harness is disposed.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly PublishRecorder _publishes = new();

    private ServiceHarness(ServiceProvider provider, FakeTimeProvider time, RecordingLoggerFactory logs)
    {
        _provider = provider;
        Time = time;
        Logs = logs;
        Harness = provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public FakeTimeProvider Time { get; }

    public RecordingLoggerFactory Logs { get; }

    public static async Task<ServiceHarness> Start(Action<IBusRegistrationConfigurator> services)
    {
        await ServiceWarmup.EnsureAsync();
        var time = new FakeTimeProvider();
        var logs = new RecordingLoggerFactory();
        var collection = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddMassTransitTestHarness(services)
            .Configure<TestHarnessOptions>(options =>
            {
                options.TestTimeout = TimeSpan.FromSeconds(20);
                options.TestInactivityTimeout = TimeSpan.FromSeconds(1);
            });

        // Registered last, so these win over any default the harness registers.
        collection.AddSingleton<ILoggerFactory>(logs);
        collection.AddSingleton(typeof(ILogger<>), typeof(Logger<>));

        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var harness = new ServiceHarness(provider, time, logs);
        await harness.Harness.Start();
        harness.Harness.Bus.ConnectPublishObserver(harness._publishes);
        return harness;
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>A scope, for a service's context.</summary>
    public AsyncServiceScope CreateScope() => _provider.CreateAsyncScope();

    /// <summary>
    /// How many times a matching message was published so far, counting every publish: the harness's
    /// own lists hold one entry per message id, so a re-publish with the same id is invisible there.
    /// </summary>
    public int PublishCount<T>(Func<T, bool> match)
        where T : class => _publishes.Count(match);

    /// <summary>Waits for a published message that matches, and returns its context (message id, correlation id).</summary>
    public async Task<PublishContext<T>> PublishedContext<T>(Func<T, bool> match)
        where T : class
    {
        await foreach (var published in Harness.Published.SelectAsync<T>(m => match(m.Context.Message)))
        {
            return (PublishContext<T>)published.Context;
        }

        throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} matching was published.");
    }

    public async Task Send<T>(string queue, T message, Action<SendContext<T>>? configure = null)
        where T : class
    {
        var endpoint = await Harness.Bus.GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(message, context => configure?.Invoke(context));
    }

    /// <summary>Waits for a published message that matches, and returns it; fails the test when none comes.</summary>
    public async Task<T> Published<T>(Func<T, bool> match)
        where T : class
    {
        await foreach (var published in Harness.Published.SelectAsync<T>(m => match(m.Context.Message)))
        {
            return published.Context.Message;
        }

        throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} matching was published. Published: {Describe(Harness.Published.Select<object>().Select(m => m.MessageObject))}");
    }

    /// <summary>Waits until <paramref name="count"/> matching messages were published, and returns them.</summary>
    public async Task<IReadOnlyList<T>> Published<T>(Func<T, bool> match, int count)
        where T : class
    {
        var found = new List<T>();
        await foreach (var published in Harness.Published.SelectAsync<T>(m => match(m.Context.Message)))
        {
            found.Add(published.Context.Message);
            if (found.Count == count)
            {
                return found;
            }
        }

        throw new Xunit.Sdk.XunitException($"Wanted {count} {typeof(T).Name}, saw {found.Count}: {Describe(found)}");
    }

    /// <summary>Waits until <paramref name="count"/> matching messages were consumed (handled or faulted).</summary>
    public async Task Consumed<T>(Func<T, bool> match, int count)
        where T : class
    {
        var seen = 0;
        await foreach (var _ in Harness.Consumed.SelectAsync<T>(m => match(m.Context.Message)))
        {
            if (++seen == count)
            {
                return;
            }
        }

        throw new Xunit.Sdk.XunitException($"Wanted {count} {typeof(T).Name} consumed, saw {seen}.");
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }

    private static string Describe<T>(IEnumerable<T> messages) => "[" + string.Join(", ", messages) + "]";

    /// <summary>Keeps every message the bus published (duplicates included).</summary>
    private sealed class PublishRecorder : IPublishObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<object> _messages = new();

        public int Count<T>(Func<T, bool> match)
            where T : class => _messages.OfType<T>().Count(match);

        public Task PrePublish<T>(PublishContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class
        {
            _messages.Enqueue(context.Message);
            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
