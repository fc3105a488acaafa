namespace SagaHub.OrdersService.Api;

/// <summary>
/// Guards the task and operator endpoints with <see cref="ApiKeyCheck"/> (<see cref="OrdersApiOptions.ApiKey"/>).
/// Runs before the endpoint, so a refused request's body is never read.
/// </summary>
internal sealed class ApiKeyFilter(ApiKeyCheck check) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return check.Refusal(context.HttpContext) is { } refusal ? ValueTask.FromResult<object?>(refusal) : next(context);
    }
}
