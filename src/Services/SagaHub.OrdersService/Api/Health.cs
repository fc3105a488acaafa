using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SagaHub.OrdersService.Api;

/// <summary>Healthy when the saga store answers a one-row query.</summary>
internal sealed class SagaStoreHealthCheck(ISagaStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await store.QueryAsync(new SagaQuery { Limit = 1 }, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The saga store answered.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A fixed description: a store's exception text is not echoed to callers (the health check service logs the exception).
            return new HealthCheckResult(context.Registration.FailureStatus, "The saga store did not answer a query.", e);
        }
    }
}

/// <summary>The <c>/health</c> body: overall status and one entry per check (name, status, description, tags), never exception text.</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(
            new HealthView(
                report.Status.ToString(),
                report.TotalDuration.TotalMilliseconds,
                [.. report.Entries.Select(e => new HealthCheckView(e.Key, e.Value.Status.ToString(), e.Value.Description, e.Value.Duration.TotalMilliseconds, [.. e.Value.Tags]))]),
            http.RequestAborted);

    internal sealed record HealthView(string Status, double DurationMs, IReadOnlyList<HealthCheckView> Checks);

    internal sealed record HealthCheckView(string Name, string Status, string? Description, double DurationMs, IReadOnlyList<string> Tags);
}
