using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SagaHub.Faults.BadInput;

/// <summary>
/// Bad HTTP input for a running Orders API: wrong JSON types, quantities and prices out of range, unknown SKUs,
/// an empty customer, malformed and missing bodies, refunds above the order total or not positive, and unknown
/// ids, a malformed <c>Idempotency-Key</c> header, unknown query parameters. Each request must be answered with an <c>application/problem+json</c> of the expected status that, for a
/// 400, names the field in its <c>errors</c> (keys as the API's validation writes them: the field's JSON path).
/// </summary>
internal static class BadHttpRequests
{
    private const string ProblemJson = "application/problem+json";
    private const string IdempotencyKey = "Idempotency-Key";
    private const string Line = """{"sku":"SKU-RED","quantity":1,"unitPrice":10.00}""";

    /// <summary>
    /// Sends every bad request once, in order, and says how each was answered. Never throws for an answer, whatever
    /// its status: an answer other than the expected one is an outcome that is not accounted; so is no answer at all
    /// (a refused connection, a timeout of <paramref name="api"/>).
    /// </summary>
    /// <param name="api">A client of the Orders API: <see cref="HttpClient.BaseAddress"/> set, and the <c>X-Api-Key</c> default header when the API requires one.</param>
    /// <param name="completedOrderId">An order in state Completed (refunds of it are only refused for their amount).</param>
    /// <param name="completedOrderTotal">That order's total.</param>
    /// <param name="cancellationToken">Stops the run (then this throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>One outcome per request.</returns>
    public static async Task<IReadOnlyList<BadInputOutcome>> SendAllAsync(HttpClient api, Guid completedOrderId, decimal completedOrderTotal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var refunds = $"/orders/{completedOrderId:D}/refunds";
        var above = (completedOrderTotal + 0.01m).ToString("0.00", CultureInfo.InvariantCulture);
        BadRequest[] requests =
        [
            Post("POST /orders, quantity as a string", "/orders", """{"customerId":"fault-runner","lines":[{"sku":"SKU-RED","quantity":"two","unitPrice":10.00}]}""", 400, "lines[0].quantity"),
            Post("POST /orders, lines as an object", "/orders", """{"customerId":"fault-runner","lines":{"sku":"SKU-RED","quantity":1,"unitPrice":10.00}}""", 400, "lines"),
            Post("POST /orders, quantity 0", "/orders", """{"customerId":"fault-runner","lines":[{"sku":"SKU-RED","quantity":0,"unitPrice":10.00}]}""", 400, "lines[0].quantity"),
            Post("POST /orders, quantity -1", "/orders", """{"customerId":"fault-runner","lines":[{"sku":"SKU-RED","quantity":-1,"unitPrice":10.00}]}""", 400, "lines[0].quantity"),
            Post("POST /orders, negative unit price", "/orders", """{"customerId":"fault-runner","lines":[{"sku":"SKU-RED","quantity":1,"unitPrice":-0.01}]}""", 400, "lines[0].unitPrice"),
            Post("POST /orders, unknown SKU", "/orders", """{"customerId":"fault-runner","lines":[{"sku":"SKU-NO-SUCH-THING","quantity":1,"unitPrice":10.00}]}""", 400, "lines[0].sku"),
            Post("POST /orders, empty customer", "/orders", $$"""{"customerId":"","lines":[{{Line}}]}""", 400, "customerId"),
            Post("POST /orders, malformed JSON", "/orders", """{"customerId":"fault-runner","lines":[""", 400, "lines[0]"),
            Post("POST /orders, empty JSON body", "/orders", string.Empty, 400, "$"),
            new("POST /orders, no body (no content type)", HttpMethod.Post, "/orders", Body: null, 415, ErrorKey: null),
            Post($"POST {refunds}, amount {above} above the order total", refunds, $$"""{"amount":{{above}},"reason":"fault runner"}""", 400, "amount"),
            Post($"POST {refunds}, amount 0", refunds, """{"amount":0,"reason":"fault runner"}""", 400, "amount"),
            Post($"POST {refunds}, negative amount", refunds, """{"amount":-5.00,"reason":"fault runner"}""", 400, "amount"),
            Post("POST /orders/{unknown id}/refunds", $"/orders/{Guid.NewGuid():D}/refunds", """{"amount":1.00,"reason":"fault runner"}""", 404),
            Get("GET /orders/{unknown id}", $"/orders/{Guid.NewGuid():D}", 404),
            Get("GET /refunds/{unknown id}", $"/refunds/{Guid.NewGuid():D}", 404),
            Post("POST /tasks/{unknown id}/approve", $"/tasks/{Guid.NewGuid():D}/approve", """{"by":"fault-runner","comment":"bad input"}""", 404),
            Post("POST /orders, Idempotency-Key of 201 characters", "/orders", $$"""{"customerId":"fault-runner","lines":[{{Line}}]}""", 400, IdempotencyKey) with { Headers = [(IdempotencyKey, new string('k', 201))] },
            Get("GET /sagas, unknown query parameter", "/sagas?type=OrderSaga&sort=oldest", 400, "sort"),
            Get("GET /tasks, misspelt query parameter", "/tasks?asignee=finance-manager", 400, "asignee"),
        ];

        var outcomes = new List<BadInputOutcome>(requests.Length);
        foreach (var request in requests)
        {
            outcomes.Add(await SendAsync(api, request, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    private static BadRequest Post(string name, string path, string body, int status, string? errorKey = null) =>
        new(name, HttpMethod.Post, path, body, status, errorKey);

    private static BadRequest Get(string name, string path, int status, string? errorKey = null) => new(name, HttpMethod.Get, path, Body: null, status, errorKey);

    private static async Task<BadInputOutcome> SendAsync(HttpClient api, BadRequest bad, CancellationToken cancellationToken)
    {
        var expected = bad.ErrorKey is null
            ? bad.Status.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{bad.Status} {bad.ErrorKey}");
        using var request = new HttpRequestMessage(bad.Method, new Uri(bad.Path, UriKind.Relative));
        if (bad.Body is not null)
        {
            request.Content = new StringContent(bad.Body, Encoding.UTF8, "application/json");
        }

        foreach (var (header, value) in bad.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        string actual;
        bool accounted;
        try
        {
            using var response = await api.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            (actual, accounted) = Describe(bad, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            (actual, accounted) = ($"no answer: {e.GetType().Name}: {e.Message}", false);
        }

        return new BadInputOutcome(bad.Name, expected, actual, accounted);
    }

    /// <summary>"400 lines[0].quantity (title)" for a problem with errors, "404 (title)" for one without.</summary>
    private static (string Actual, bool Accounted) Describe(BadRequest bad, int status, string? mediaType, string body)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        if (!string.Equals(mediaType, ProblemJson, StringComparison.OrdinalIgnoreCase))
        {
            return ($"{code} {mediaType ?? "no content type"}, not a problem response", false);
        }

        string? title = null;
        List<string> keys = [];
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    keys.AddRange(errors.EnumerateObject().Select(e => e.Name));
                }
            }
        }
        catch (JsonException)
        {
            return ($"{code} problem response that is not JSON", false);
        }

        var actual = keys.Count == 0 ? $"{code} ({title})" : $"{code} {string.Join(", ", keys)} ({title})";
        var accounted = status == bad.Status
            && !string.IsNullOrEmpty(title)
            && (bad.ErrorKey is null || keys.Contains(bad.ErrorKey, StringComparer.Ordinal));
        return (actual, accounted);
    }

    private sealed record BadRequest(string Name, HttpMethod Method, string Path, string? Body, int Status, string? ErrorKey)
    {
        public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];
    }
}
