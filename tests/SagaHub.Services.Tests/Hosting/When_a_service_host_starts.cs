using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;

namespace SagaHub.Services.Tests.Hosting;

/// <summary>
/// A service restarted while PostgreSQL refused connections used to start its receive endpoints before its schema
/// migration; the migration failed, the host shut down and the commands it had taken faulted into <c>_error</c>. Now
/// every start-up check (the schema) runs before the bus starts, waits out infrastructure failures for a bounded time,
/// and a host that gives up never started its bus.
/// </summary>
public sealed class When_a_service_host_starts
{
    [Fact]
    public async Task Should_start_neither_the_bus_nor_the_outbox_sweep_before_the_start_up_checks_pass()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var earlier = new RecordingHostedService();

        // A hosted service registered before AddMassTransit, as AddSagaHubInbox registers the outbox sweep before the
        // schema migration: it used to run before the schema existed and log an error on a first start.
        using var host = Build(services => services.AddStartupCheck(_ => new GateCheck(entered, release)), before: services => services.AddSingleton<IHostedService>(earlier));
        var bus = host.Services.GetRequiredService<IBusControl>();

        var starting = host.StartAsync();
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Registered after AddMassTransit, yet run before it: the bus has not started while the check waits.
        var health = bus.CheckHealth();
        Assert.True(health.Status == BusHealthStatus.Unhealthy, $"the bus is {health.Status} ({health.Description}) while a start-up check waits");
        Assert.False(starting.IsCompleted);
        Assert.False(earlier.Started, "a hosted service started while a start-up check waits");

        release.SetResult();
        await starting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(earlier.Started);
        await host.StopAsync();
    }

    [Fact]
    public async Task Should_fail_to_start_without_starting_its_bus_when_its_database_refuses_connections()
    {
        // Port 1 on loopback: nothing listens, every connection is refused (a SocketException: an infrastructure failure).
        using var host = Build(
            services => services.Configure<StartupCheckOptions>(o => (o.Timeout, o.MinDelay, o.MaxDelay) = (TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200))),
            inventory => inventory.Database = new ServiceDatabaseOptions { Provider = SagaStoreProvider.PostgreSql, ConnectionString = "Host=127.0.0.1;Port=1;Database=inventory;Username=sagahub;Password=sagahub;Timeout=1" });
        var bus = host.Services.GetRequiredService<IBusControl>();

        var failure = await Assert.ThrowsAsync<SagaConfigurationException>(() => host.StartAsync());

        Assert.Contains("schema of inventory", failure.Message, StringComparison.Ordinal);
        Assert.Contains("not ready after", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(BusHealthStatus.Healthy, bus.CheckHealth().Status); // never started: nothing was taken off a queue
    }

    [Fact]
    public async Task Should_fail_the_start_at_once_on_a_failure_that_is_not_the_infrastructures()
    {
        var tries = 0;
        using var host = Build(services => services.AddStartupCheck(_ => new FailingCheck(() => tries++)));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Equal("the schema is newer than this build", failure.Message);
        Assert.Equal(1, tries);
    }

    private static IHost Build(Action<IServiceCollection> services, Action<InventoryOptions>? inventory = null, Action<IServiceCollection>? before = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        before?.Invoke(builder.Services);
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        builder.Services.AddMassTransit(x =>
        {
            x.AddInventoryService(inventory);
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        services(builder.Services);
        return builder.Build();
    }

    private sealed class RecordingHostedService : IHostedService
    {
        public bool Started { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class GateCheck(TaskCompletionSource entered, TaskCompletionSource release) : IStartupCheck
    {
        public string Name => "test gate";

        public async Task CheckAsync(CancellationToken cancellationToken)
        {
            entered.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class FailingCheck(Action tried) : IStartupCheck
    {
        public string Name => "failing check";

        public Task CheckAsync(CancellationToken cancellationToken)
        {
            tried();
            throw new InvalidOperationException("the schema is newer than this build");
        }
    }
}
