using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults;

/// <summary>
/// What a service process records with OpenTelemetry and where it goes (configuration section <c>Telemetry</c>; the OTLP
/// endpoint is OpenTelemetry's own key <see cref="OtlpEndpointKey"/>). Nothing leaves the process unless
/// <see cref="OtlpEndpointKey"/> is set; the Orders service also serves its metrics at <c>GET /metrics</c>.
/// Not to be confused with <see cref="BusOptions.UsageTelemetry"/>, MassTransit's usage reporting.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>
    /// The OpenTelemetry variable naming the OTLP collector (<c>http://127.0.0.1:4317</c> for gRPC, the default protocol).
    /// A configuration key like any other, so an environment variable, <c>--OTEL_EXPORTER_OTLP_ENDPOINT=...</c> or
    /// <c>appsettings.json</c> set it; the exporter's other standard variables (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
    /// <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_EXPORTER_OTLP_TIMEOUT</c>) are read by OpenTelemetry as it documents.
    /// </summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Whether the process records metrics (<c>Telemetry:Metrics</c>): the <c>SagaHub</c> meter
    /// (<see cref="SagaMetrics.MeterName"/>), MassTransit's, Npgsql's, and on the Orders service ASP.NET Core's.
    /// Off, nothing is recorded, nothing is exported, and the Orders service has no <c>/metrics</c>.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>: recording costs little, and only an exporter sends it anywhere.</value>
    public bool Metrics { get; set; } = true;

    /// <summary>Whether the metrics include .NET's own (<c>System.Runtime</c>: GC, heap, thread pool, exceptions; <c>Telemetry:RuntimeMetrics</c>).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool RuntimeMetrics { get; set; } = true;

    /// <summary>
    /// Whether the process records traces (<c>Telemetry:Tracing</c>): MassTransit's send, publish and consume
    /// activities, Npgsql's commands, and on the Orders service ASP.NET Core's requests. MassTransit carries the trace
    /// context in its message headers, so one order's spans share one trace id across processes.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="null"/>: on exactly when <see cref="OtlpEndpoint"/> is set (traces have no other
    /// exporter here, and recording them costs on every message).
    /// </value>
    public bool? Tracing { get; set; }

    /// <summary>The OTLP collector both signals are exported to, from <see cref="OtlpEndpointKey"/>; <see langword="null"/> exports nothing.</summary>
    public Uri? OtlpEndpoint { get; private set; }

    /// <summary>Whether traces are recorded: <see cref="Tracing"/>, or when unset whether <see cref="OtlpEndpoint"/> is.</summary>
    public bool TracingEnabled => Tracing ?? OtlpEndpoint is not null;

    /// <summary>Reads and validates the <see cref="SectionName"/> section and <see cref="OtlpEndpointKey"/>.</summary>
    /// <param name="configuration">The application's configuration (the root, not the section).</param>
    /// <returns>The options; defaults for every missing key.</returns>
    /// <exception cref="OptionsValidationException">A value is invalid; the message names its key.</exception>
    public static TelemetryOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = OptionsBinding.Bind<TelemetryOptions>(configuration.GetSection(SectionName));
        var endpoint = configuration[OtlpEndpointKey];
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                // The value itself is not repeated: an endpoint may carry credentials in its user info or query.
                throw new OptionsValidationException(OtlpEndpointKey, typeof(TelemetryOptions), [$"{OtlpEndpointKey} must be an absolute http or https URL such as http://127.0.0.1:4317."]);
            }

            options.OtlpEndpoint = uri;
        }

        return options;
    }
}
