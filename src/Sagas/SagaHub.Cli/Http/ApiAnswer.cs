using System.Text.Json;

namespace SagaHub.Cli;

/// <summary>What the management API answered: its status and body, or why there was no answer (status 0).</summary>
internal sealed record ApiAnswer(int Status, string Body, string? Failure = null)
{
    /// <summary>Whether the API answered with a 2xx.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>An answer that never came: the server is down, refused the connection or took too long.</summary>
    public static ApiAnswer Unreachable(string why) => new(0, string.Empty, why);

    /// <summary>The body as JSON; false when it is empty or not JSON.</summary>
    public bool TryJson(out JsonElement json)
    {
        json = default;
        if (string.IsNullOrWhiteSpace(Body))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(Body);
            json = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
