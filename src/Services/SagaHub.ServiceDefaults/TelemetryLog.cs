using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SagaHub.ServiceDefaults;

/// <summary>Says once at start what the process records and where it exports it (the endpoint's scheme, host and port only).</summary>
internal sealed class TelemetryLog(TelemetryOptions options, ServiceIdentity service, ILogger<TelemetryLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Never the whole endpoint (its user info, path or query may hold credentials); OTEL_EXPORTER_OTLP_HEADERS is not read here at all.
        var otlp = options.OtlpEndpoint is { } endpoint ? $"{endpoint.Scheme}://{endpoint.Authority}" : "off";
        logger.TelemetryConfigured(service.Name, options.Metrics, options.TracingEnabled, otlp);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
