using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SagaHub.Management;
using SagaHub.Orders;

namespace SagaHub.OrdersService.Api;

/// <summary>
/// The Orders HTTP API: submit and follow orders, request and follow refunds, decide human tasks,
/// list sagas for operators, and report health. Register with <see cref="AddOrdersApi(IServiceCollection, IConfiguration)"/>,
/// add <see cref="UseOrdersApiProblemDetails"/> to the pipeline, then map with <see cref="MapOrdersApi"/>.
/// </summary>
/// <remarks>
/// Every error is <c>application/problem+json</c>: validation errors are 400 with an <c>errors</c> object keyed by
/// the field's JSON path (<c>lines[0].quantity</c>); a body that is not JSON, is empty or malformed is 400 too,
/// keyed by where it broke (<c>$</c> for the root); over <see cref="OrdersApiOptions.MaxRequestBodyBytes"/> is 413;
/// a non-JSON content type 415. Ids in routes are GUIDs: an id that is not one matches no route and is 404, like an
/// unknown id. An order or refund accepted (202) is created by its saga asynchronously, so a GET right after the POST
/// may be 404 "not found (yet)" for a moment. With <see cref="OrdersApiOptions.ApiKey"/> set, the task and operator
/// endpoints answer 401 without the <see cref="ApiKeyHeader"/> header and 403 with another key, before reading any body.
/// <c>POST /orders</c> takes an optional <see cref="IdempotencyKeyHeader"/>: a retry with the same key and body answers
/// with the same order, another body with that key is 422. The query endpoints (<c>/sagas</c>, <c>/tasks</c>) answer 400
/// naming any query parameter they do not take, or one given twice.
/// </remarks>
public static class OrdersApi
{
    /// <summary>Health check tag of the checks that say whether the service can do its work (store, bus).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Where the service's metrics are scraped, in Prometheus format (needs the API key when one is set, unless <see cref="OrdersApiOptions.MetricsWithoutApiKey"/>).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The request header that carries <see cref="OrdersApiOptions.ApiKey"/>.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>
    /// The optional request header of <c>POST /orders</c> that makes a retry safe: the same key with the same body
    /// answers with the same order (202), with another body 422. 1 to 200 printable ASCII characters (a UUID, say).
    /// </summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// Adds the API's services: <see cref="OrdersApiOptions"/> bound from <see cref="OrdersApiOptions.SectionName"/>
    /// (validated at start), problem details, JSON (camelCase, enums as strings), and health checks with a check of
    /// the saga store. MassTransit adds its bus check (tags <c>ready</c>, <c>masstransit</c>) by itself once health
    /// checks are registered; a host adds more with <c>services.AddHealthChecks().Add…()</c> or the overload taking
    /// a callback. Needs <see cref="ISagaStore"/> and <see cref="IHumanTaskInbox"/> (from <c>AddSagaHub</c>) and
    /// MassTransit's <c>IPublishEndpoint</c>. Adds ASP.NET Core's metrics and traces and the Prometheus exporter to the
    /// OpenTelemetry the service defaults register (each only for a signal they switched on).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding the <c>OrdersApi</c> section.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddOrdersApi(this IServiceCollection services, IConfiguration configuration) =>
        services.AddOrdersApi(configuration, configureHealthChecks: null);

    /// <summary>As <see cref="AddOrdersApi(IServiceCollection, IConfiguration)"/>, then lets the host add health checks.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding the <c>OrdersApi</c> section.</param>
    /// <param name="configureHealthChecks">Adds the host's own checks (a database, a broker); tag them <see cref="ReadyTag"/>.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddOrdersApi(this IServiceCollection services, IConfiguration configuration, Action<IHealthChecksBuilder>? configureHealthChecks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OrdersApiOptions>()
            .Bind(configuration.GetSection(OrdersApiOptions.SectionName))
            .PostConfigure(o =>
            {
                if (o.KnownSkus.Count == 0)
                {
                    foreach (var sku in OrdersApiOptions.DefaultSkus)
                    {
                        o.KnownSkus.Add(sku);
                    }
                }
            })
            .Validate(o => o.KnownSkus.All(s => !string.IsNullOrWhiteSpace(s)), "OrdersApi:KnownSkus must not hold empty SKUs.")
            .Validate(o => o.MaxLines >= 1 && o.MaxQuantity >= 1, "OrdersApi:MaxLines and OrdersApi:MaxQuantity must be 1 or more.")
            .Validate(o => o.MaxUnitPrice is >= 0 and <= 1_000_000_000m, "OrdersApi:MaxUnitPrice must be from 0 to 1,000,000,000.")
            .Validate(o => o.MaxRequestBodyBytes is >= 1024 and <= 16 * 1024 * 1024, "OrdersApi:MaxRequestBodyBytes must be from 1 KiB to 16 MiB.")
            .Validate(o => o.StuckAfter >= TimeSpan.Zero, "OrdersApi:StuckAfter must not be negative.")
            .Validate(o => o.MaxQueryLimit >= 1, "OrdersApi:MaxQueryLimit must be 1 or more.")
            .Validate(
                o => o.ApiKey is null || (o.ApiKey.Length >= OrdersApiOptions.MinApiKeyLength && o.ApiKey.Trim() == o.ApiKey),
                $"OrdersApi:ApiKey must be at least {OrdersApiOptions.MinApiKeyLength} characters with no leading or trailing whitespace; leave it unset to keep the task and operator endpoints open.")
            .ValidateOnStart();

        // The management API (/sagahub) takes the Orders API's key unless SagaHubManagement:ApiKey is set.
        services.AddSagaHubManagement();
        services.AddOptions<SagaHubManagementOptions>().Configure<IOptions<OrdersApiOptions>>((m, orders) => m.ApiKey ??= orders.Value.ApiKey);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new OrderSaga());
        services.TryAddSingleton(_ => new RefundSaga());
        services.TryAddSingleton<OrdersApiSagas>();
        services.TryAddSingleton<OrdersApiContext>();
        services.TryAddSingleton<ApiKeyCheck>();
        services.AddOrdersApiTelemetry();

        var health = services.AddHealthChecks().AddCheck<SagaStoreHealthCheck>("saga-store", tags: [ReadyTag, "sagahub"]);
        configureHealthChecks?.Invoke(health);
        return services;
    }

    /// <summary>
    /// Turns unhandled exceptions into 500 and body-less error statuses (an unmatched route's 404, a 405) into
    /// <c>application/problem+json</c>. Call it early in the pipeline, before the endpoints.
    /// </summary>
    /// <param name="app">The pipeline.</param>
    /// <returns>The same pipeline.</returns>
    public static IApplicationBuilder UseOrdersApiProblemDetails(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusProblemAsync);
        return app;
    }

    private static async Task WriteStatusProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var detail = http.Response.StatusCode == StatusCodes.Status404NotFound
            ? "Nothing is at this path. Order, refund and task ids are GUIDs (e.g. /orders/3f2c0000-0000-0000-0000-000000000000)."
            : null;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode, Detail = detail } })
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Maps the endpoints: <c>POST /orders</c>, <c>GET /orders/{orderId}</c>, <c>POST /orders/{orderId}/refunds</c>,
    /// <c>GET /refunds/{refundId}</c>, <c>GET /tasks</c>, <c>POST /tasks/{taskId}/approve</c> and <c>/reject</c>,
    /// <c>GET /sagas</c>, <c>GET /health</c> (every registered health check) and, when the host records metrics,
    /// <see cref="MetricsPath"/> (Prometheus format). The task and operator endpoints (<c>/tasks…</c>, <c>/sagas</c>) and
    /// <see cref="MetricsPath"/> require <see cref="OrdersApiOptions.ApiKey"/> in <see cref="ApiKeyHeader"/> when one is
    /// configured (401 without it, 403 with another key; <see cref="OrdersApiOptions.MetricsWithoutApiKey"/> opens
    /// <see cref="MetricsPath"/>); the order, refund and health endpoints never do.
    /// </summary>
    /// <param name="app">The endpoint builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var orders = app.MapGroup("/orders").WithTags("Orders");
        orders.MapPost("/", OrderEndpoints.CreateOrderAsync).WithName("CreateOrder");
        orders.MapGet("/{orderId:guid}", OrderEndpoints.GetOrderAsync).WithName("GetOrder");
        orders.MapPost("/{orderId:guid}/refunds", OrderEndpoints.CreateRefundAsync).WithName("CreateRefund");

        app.MapGet("/refunds/{refundId:guid}", OrderEndpoints.GetRefundAsync).WithTags("Refunds").WithName("GetRefund");

        // Operator endpoints: every endpoint mapped under this group needs the API key (when one is configured).
        var operators = app.MapGroup(string.Empty).AddEndpointFilter<ApiKeyFilter>();

        var tasks = operators.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapGet("/", TaskEndpoints.ListAsync).WithName("ListTasks").AllowQuery(TaskEndpoints.Parameters);
        tasks.MapPost("/{taskId:guid}/approve", TaskEndpoints.ApproveAsync).WithName("ApproveTask");
        tasks.MapPost("/{taskId:guid}/reject", TaskEndpoints.RejectAsync).WithName("RejectTask");

        operators.MapGet("/sagas", SagaEndpoints.ListAsync).WithTags("Sagas").WithName("ListSagas").AllowQuery(SagaEndpoints.Parameters);

        app.MapSagaHubManagement("/sagahub");

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).WithName("Health");
        app.MapOrdersApiMetrics();
        return app;
    }

    /// <summary>
    /// Listens on <c>OrdersApi:Url</c> (default <see cref="OrdersApiOptions.DefaultUrl"/>, loopback only) unless the
    /// host was given addresses another way: <c>ASPNETCORE_URLS</c>/<c>DOTNET_URLS</c>, <c>--urls</c>,
    /// <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> or <c>Kestrel:Endpoints</c>.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <exception cref="InvalidOperationException"><c>OrdersApi:Url</c> is not an absolute http or https URL.</exception>
    public static void UseOrdersApiUrls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string[] otherwise = [WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey];
        if (otherwise.Any(key => !string.IsNullOrWhiteSpace(builder.Configuration[key])) || builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            return;
        }

        var url = builder.Configuration[$"{OrdersApiOptions.SectionName}:{nameof(OrdersApiOptions.Url)}"];
        url = string.IsNullOrWhiteSpace(url) ? OrdersApiOptions.DefaultUrl : url.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"OrdersApi:Url must be an absolute http or https URL such as {OrdersApiOptions.DefaultUrl}; it was '{url}'.");
        }

        builder.WebHost.UseUrls(url);
    }
}
