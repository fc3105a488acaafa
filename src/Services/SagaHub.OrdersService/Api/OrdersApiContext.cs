using System.Text.Json;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SagaHub.OrdersService.Api;

/// <summary>What every endpoint needs, in one singleton: options, JSON settings, saga names, clock and logger.</summary>
internal sealed class OrdersApiContext(
    IOptions<OrdersApiOptions> options,
    IOptions<HttpJsonOptions> json,
    OrdersApiSagas sagas,
    TimeProvider time,
    ILogger<OrdersApiContext> logger)
{
    public OrdersApiOptions Options { get; } = options.Value;

    public JsonSerializerOptions Json { get; } = json.Value.SerializerOptions;

    public OrdersApiSagas Sagas { get; } = sagas;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public Task<BodyRead<T>> ReadBodyAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : class => JsonBody.ReadAsync<T>(http, Options, Json, Logger, cancellationToken);

    public IResult Invalid(HttpContext http, ValidationErrors errors)
    {
        var fields = errors.ToDictionary();
        Logger.ValidationFailed(http.Request.Path, string.Join(", ", fields.Keys));
        return TypedResults.ValidationProblem(fields, title: Problems.ValidationTitle);
    }
}
