using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace SagaHub.OrdersService.Api;

/// <summary>The outcome of reading a JSON body: the value, or the problem response to send instead.</summary>
/// <typeparam name="T">The body type.</typeparam>
internal readonly record struct BodyRead<T>(T? Value, IResult? Problem)
    where T : class;

/// <summary>
/// Reads a request body as JSON with the API's own rules instead of minimal API binding, so that every
/// failure is an <c>application/problem+json</c> answer that says what is wrong: a body over
/// <see cref="OrdersApiOptions.MaxRequestBodyBytes"/> is 413 (by Content-Length before reading, or while
/// reading a chunked body; Kestrel's per-request limit is lowered to match), a content type other than
/// JSON is 415, an empty body, malformed JSON or a value of the wrong type is 400 naming the JSON path.
/// Unknown members are ignored.
/// </summary>
internal static class JsonBody
{
    private const int ChunkSize = 8 * 1024;

    public static async Task<BodyRead<T>> ReadAsync<T>(HttpContext http, OrdersApiOptions options, JsonSerializerOptions json, ILogger logger, CancellationToken cancellationToken)
        where T : class
    {
        var request = http.Request;
        if (!request.HasJsonContentType())
        {
            logger.BodyRefused(request.Path, "not JSON");
            return Fail<T>(Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The request body must be JSON (Content-Type: application/json)."));
        }

        var limit = options.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            logger.BodyRefused(request.Path, "too large");
            return Fail<T>(TooLarge(limit));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = limit;
        }

        using var body = new MemoryStream((int)Math.Min(request.ContentLength ?? ChunkSize, limit));
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > limit)
                {
                    logger.BodyRefused(request.Path, "too large");
                    return Fail<T>(TooLarge(limit));
                }

                body.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            logger.BodyRefused(request.Path, "too large");
            return Fail<T>(TooLarge(limit));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        if (body.Length == 0)
        {
            logger.BodyRefused(request.Path, "empty");
            return Fail<T>(Problems.Invalid("A request body is required.", "$", "The request body is empty; send a JSON object."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body.GetBuffer().AsSpan(0, (int)body.Length), json);
            return value is null
                ? Fail<T>(Problems.Invalid("A request body is required.", "$", "The request body is null; send a JSON object."))
                : new BodyRead<T>(value, null);
        }
        catch (JsonException e)
        {
            var path = FieldPath(e.Path);
            var position = string.Create(CultureInfo.InvariantCulture, $"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}");

            // Syntax errors come from the reader (a JsonException subclass) as the inner exception;
            // a well-formed value of the wrong type or range has none, or a FormatException/InvalidOperationException.
            if (e.InnerException is JsonException)
            {
                logger.BodyRefused(request.Path, "malformed JSON");
                return Fail<T>(Problems.Invalid("The request body is not valid JSON.", path, $"Malformed JSON at {position}."));
            }

            logger.BodyRefused(request.Path, "wrong type");
            return Fail<T>(Problems.Invalid("The request body does not match the expected shape.", path, $"The value at {position} has the wrong type or is out of range."));
        }
    }

    /// <summary><c>$.lines[0].quantity</c> → <c>lines[0].quantity</c>; the root stays <c>$</c>.</summary>
    internal static string FieldPath(string? jsonPath) =>
        jsonPath switch
        {
            null or "" or "$" => "$",
            _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
            _ => jsonPath,
        };

    private static IResult TooLarge(long limit) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", string.Create(CultureInfo.InvariantCulture, $"The request body must be at most {limit} bytes."));

    private static BodyRead<T> Fail<T>(IResult problem)
        where T : class => new(null, problem);
}
