using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SagaHub.Services.Tests.Infrastructure;

/// <summary>
/// A started MassTransit in-memory test harness with some services registered, a fake clock and a
/// recording logger. Waits are on harness activity only, never on sleeps.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

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
        return harness;
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

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
}
