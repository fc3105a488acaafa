namespace SagaHub.OrdersService.Api;

/// <summary>
/// Refuses a request whose query string holds a parameter the endpoint does not take, or one of its parameters more
/// than once: 400 problem+json with one error per such name (keyed by the name as sent) that lists the allowed
/// parameters. Without it a misspelt filter (<c>?staet=Completed</c>) or a second value (<c>?state=A&amp;state=B</c>)
/// is silently dropped and the caller gets an answer to a question it did not ask. Names match ignoring case, as
/// minimal API binding does. Add it with <see cref="QueryParameters.AllowQuery"/>.
/// </summary>
internal sealed class QueryParametersFilter(IReadOnlyList<string> allowed) : IEndpointFilter
{
    public const string Title = "The query string has parameters this endpoint does not take.";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var query = http.Request.Query;
        if (query.Count == 0)
        {
            return next(context);
        }

        var errors = new ValidationErrors();
        var allowedText = allowed.Count == 0 ? "none" : string.Join(", ", allowed);
        foreach (var (name, values) in query)
        {
            if (!allowed.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(name, $"Unknown query parameter '{Shorten(name)}'; this endpoint takes: {allowedText}.");
            }
            else if (values.Count > 1)
            {
                errors.Add(name, $"The query parameter '{name}' is given {values.Count} times; give it once.");
            }
        }

        if (errors.IsEmpty)
        {
            return next(context);
        }

        var fields = errors.ToDictionary();
        http.RequestServices.GetRequiredService<OrdersApiContext>().Logger.ValidationFailed(http.Request.Path, string.Join(", ", fields.Keys));
        return ValueTask.FromResult<object?>(TypedResults.ValidationProblem(fields, title: Title));
    }

    /// <summary>Echoes at most 64 characters of a name the client sent.</summary>
    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

/// <summary>Adds <see cref="QueryParametersFilter"/> to an endpoint.</summary>
internal static class QueryParameters
{
    /// <summary>The endpoint takes exactly these query parameters (each at most once); any other is 400 naming it.</summary>
    public static RouteHandlerBuilder AllowQuery(this RouteHandlerBuilder endpoint, params string[] names) =>
        endpoint.AddEndpointFilter(new QueryParametersFilter(names));
}
