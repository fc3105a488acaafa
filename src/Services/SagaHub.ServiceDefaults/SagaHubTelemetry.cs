using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SagaHub.ServiceDefaults;

/// <summary>
/// The OpenTelemetry setup every service process shares (<see cref="TelemetryOptions"/>): which meters and activity
/// sources it listens to, its resource (service name), and OTLP export when <see cref="TelemetryOptions.OtlpEndpointKey"/>
/// is set. A web host adds what only it has (ASP.NET Core's instrumentation, a Prometheus endpoint) with
/// <c>services.ConfigureOpenTelemetryMeterProvider(...)</c> / <c>ConfigureOpenTelemetryTracerProvider(...)</c>,
/// which apply only to the signals switched on here.
/// </summary>
public static class SagaHubTelemetry
{
    /// <summary>The resource's <c>service.namespace</c>; <c>service.name</c> is the name the process was started with (<c>orders</c>, <c>inventory</c>, ...).</summary>
    public const string ServiceNamespace = "sagahub";

    /// <summary>
    /// Npgsql's meter and activity source (every command, the connection pools). <c>Npgsql.OpenTelemetry</c>'s
    /// <c>AddNpgsql()</c>/<c>AddNpgsqlInstrumentation()</c> add exactly this name; the package is not used because
    /// it requires a newer Npgsql than the one the solution pins.
    /// </summary>
    public const string NpgsqlName = "Npgsql";

    /// <summary>.NET's runtime meter (GC, heap, thread pool, JIT, exceptions), built in since .NET 9.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// The tags Npgsql's metrics keep. Left out: <c>db.client.connection.pool.name</c>, which Npgsql fills with the connection
    /// string (the password removed); the pools of one process are summed instead.
    /// </summary>
    public static IReadOnlyList<string> NpgsqlMetricTags { get; } =
        ["db.system.name", "db.namespace", "db.operation.name", "db.response.status_code", "db.client.connection.state", "error.type", "server.address", "server.port"];

    /// <summary>The meters a service process's metrics come from: SagaHub's, MassTransit's and Npgsql's.</summary>
    public static IReadOnlyList<string> MeterNames { get; } = [SagaMetrics.MeterName, InstrumentationOptions.MeterName, NpgsqlName];

    /// <summary>
    /// The activity sources a service process's traces come from: MassTransit's (send, publish, receive, consume) and
    /// Npgsql's. SagaHub itself has no activity source: a saga message's span is MassTransit's consume span.
    /// </summary>
    public static IReadOnlyList<string> ActivitySourceNames { get; } = [DiagnosticHeaders.DefaultListenerName, NpgsqlName];

    /// <summary>
    /// Registers OpenTelemetry as <paramref name="options"/> say: metrics (<see cref="MeterNames"/>, plus the runtime's)
    /// and traces (<see cref="ActivitySourceNames"/>), each with an OTLP exporter when an endpoint is configured, all
    /// under a resource named <paramref name="serviceName"/>. Nothing is registered for a signal that is off. No connection
    /// string is exported: Npgsql's pool-name tag is left out of its metrics and its data-source tag taken off its spans.
    /// </summary>
    internal static void Add(IHostApplicationBuilder builder, string serviceName, TelemetryOptions options)
    {
        if (!options.Metrics && !options.TracingEnabled)
        {
            return;
        }

        // MassTransit labels its metrics with the process's name ("dotnet" in every container): the service's name instead.
        builder.Services.PostConfigure<InstrumentationOptions>(o => o.ServiceName = serviceName);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceNamespace: ServiceNamespace));
        var otlp = options.OtlpEndpoint is not null;
        if (options.Metrics)
        {
            otel.WithMetrics(metrics =>
            {
                metrics.AddMeter([.. MeterNames]);
                metrics.AddView(instrument => instrument.Meter.Name == NpgsqlName ? new MetricStreamConfiguration { TagKeys = [.. NpgsqlMetricTags] } : null);
                if (options.RuntimeMetrics)
                {
                    metrics.AddMeter(RuntimeMeterName);
                }

                if (otlp)
                {
                    // Reads OTEL_EXPORTER_OTLP_* from the configuration, the endpoint included.
                    metrics.AddOtlpExporter();
                }
            });
        }

        if (options.TracingEnabled)
        {
            otel.WithTracing(tracing =>
            {
                tracing.AddSource([.. ActivitySourceNames]);
                tracing.AddProcessor(new ConnectionTagsProcessor()); // before any exporter, which may be added after this
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }
    }
}
