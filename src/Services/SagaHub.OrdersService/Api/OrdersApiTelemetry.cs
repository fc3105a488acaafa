using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace SagaHub.OrdersService.Api;

/// <summary>
/// What the Orders API adds to the service defaults' OpenTelemetry (<c>SagaHubTelemetry</c>): ASP.NET Core's metrics
/// (<c>http.server.request.duration</c>, Kestrel's connections, routing) and request traces, and the Prometheus
/// exporter behind <see cref="OrdersApi.MetricsPath"/>. Each applies only to a signal the service defaults switched on
/// (<c>Telemetry:Metrics</c>, <c>Telemetry:Tracing</c>).
/// </summary>
internal static class OrdersApiTelemetry
{
    public static void AddOrdersApiTelemetry(this IServiceCollection services)
    {
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsScrape(http.Request.Path)));
    }

    /// <summary>
    /// Maps <see cref="OrdersApi.MetricsPath"/> (Prometheus text format, or OpenMetrics when the scraper asks for it)
    /// when the host records metrics. It needs the API key like the operator endpoints, unless
    /// <see cref="OrdersApiOptions.MetricsWithoutApiKey"/> opens it.
    /// </summary>
    public static void MapOrdersApiMetrics(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<MeterProvider>() is null)
        {
            return; // Telemetry:Metrics is off (or the host has no service defaults): no endpoint, a 404.
        }

        app.MapPrometheusScrapingEndpoint(
            OrdersApi.MetricsPath,
            meterProvider: null,
            configureBranchedPipeline: branch => branch.Use(next => async http =>
            {
                // Options read per request, not while mapping: an invalid OrdersApi section fails the start, as it always has.
                var open = http.RequestServices.GetRequiredService<IOptions<OrdersApiOptions>>().Value.MetricsWithoutApiKey;
                if (!open && http.RequestServices.GetRequiredService<ApiKeyCheck>().Refusal(http) is { } refusal)
                {
                    await refusal.ExecuteAsync(http).ConfigureAwait(false);
                    return;
                }

                await next(http).ConfigureAwait(false);
            }),
            optionsName: null)
            .WithName("Metrics");
    }

    /// <summary>The scrapes and probes that would fill the traces with one span every few seconds.</summary>
    private static bool IsScrape(PathString path) =>
        path.StartsWithSegments(OrdersApi.MetricsPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
