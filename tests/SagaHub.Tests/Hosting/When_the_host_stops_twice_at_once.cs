using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SagaHub.Tests;

/// <summary>
/// A WebApplicationFactory host is stopped twice at once (by the app's own RunAsync and by the factory's dispose);
/// the background runner must stop its services once and not fail the second call.
/// </summary>
public class When_the_host_stops_twice_at_once
{
    [Fact]
    public async Task Should_stop_the_timer_and_sweep_once_without_failing()
    {
        var runner = new BackgroundRunner(new Services(), Options.Create(new SagaHubOptions { TimerPollInterval = TimeSpan.FromMilliseconds(1) }));
        await runner.StartAsync(CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => runner.StopAsync(CancellationToken.None))));

        await runner.StopAsync(CancellationToken.None);
    }

    private sealed class Services : IServiceProvider
    {
        private readonly Dictionary<Type, object> services = new()
        {
            [typeof(ISagaTimers)] = new NoTimers(),
            [typeof(IOutboxSweeper)] = new NoSweeper(),
            [typeof(TimeProvider)] = TimeProvider.System,
            [typeof(IOptions<SagaHubOptions>)] = Options.Create(new SagaHubOptions { TimerPollInterval = TimeSpan.FromMilliseconds(1) }),
            [typeof(ILogger<SagaTimerService>)] = NullLogger<SagaTimerService>.Instance,
            [typeof(ILogger<OutboxSweepService>)] = NullLogger<OutboxSweepService>.Instance,
            [typeof(ISagaQueryStore)] = Store,
            [typeof(ISagaOutboxStore)] = Store,
            [typeof(SagaMetrics)] = new SagaMetrics(),
            [typeof(ILogger<SagaGaugeService>)] = NullLogger<SagaGaugeService>.Instance,
        };

        private static readonly InMemorySagaStore Store = new();

        public object? GetService(Type serviceType) => services.GetValueOrDefault(serviceType);
    }

    private sealed class NoTimers : ISagaTimers
    {
        public Task<int> FireDueAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    private sealed class NoSweeper : IOutboxSweeper
    {
        public Task<int> SweepAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}
