using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SagaHub.Services.Tests.Infrastructure;

/// <summary>
/// The services' registrations without a running bus: for tests of the stores (ledger, inventory, …)
/// and of the registration itself. Each host has its own default SQLite temp database per service,
/// deleted when the host is disposed.
/// </summary>
public sealed class StoreHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private StoreHost(ServiceProvider provider, FakeTimeProvider time)
    {
        _provider = provider;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _provider;

    public static StoreHost Start(Action<IBusRegistrationConfigurator> services, FakeTimeProvider? time = null)
    {
        var clock = time ?? new FakeTimeProvider();
        var collection = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<ILoggerFactory>(new RecordingLoggerFactory())
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddMassTransit(services);
        return new StoreHost(collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), clock);
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
