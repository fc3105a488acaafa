namespace SagaHub.OrdersService.Api;

/// <summary>The API's problem responses (<c>application/problem+json</c>, RFC 9457).</summary>
internal static class Problems
{
    public const string ValidationTitle = "One or more validation errors occurred.";

    public static IResult Status(int statusCode, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: statusCode, title: title);

    public static IResult NotFound(string title, string detail) => Status(StatusCodes.Status404NotFound, title, detail);

    public static IResult Conflict(string title, string detail) => Status(StatusCodes.Status409Conflict, title, detail);

    /// <summary>400 with one error under <paramref name="field"/> (a JSON path such as <c>lines[0].quantity</c>).</summary>
    public static IResult Invalid(string title, string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] }, title: title);

    public static IResult Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: ValidationTitle);
}

/// <summary>Validation errors by field path, in the order found.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsEmpty => errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
