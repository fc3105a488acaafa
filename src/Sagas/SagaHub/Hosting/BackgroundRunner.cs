using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SagaHub;

/// <summary>Starts the timer service and outbox sweep unless the options turn them off.</summary>
/// <remarks>Stopping is safe to call twice at once: the first call takes the running services, a concurrent one finds none.</remarks>
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
            ActivatorUtilities.CreateInstance<SagaGaugeService>(services),
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
