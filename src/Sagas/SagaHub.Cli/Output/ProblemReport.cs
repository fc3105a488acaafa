using System.Text.Json;

namespace SagaHub.Cli;

/// <summary>Prints an answer that is not a success plainly to stderr (title, detail, each error, what is allowed) and gives its exit code.</summary>
internal static class ProblemReport
{
    private const int BodyExcerpt = 300;

    /// <summary>Writes why <paramref name="answer"/> failed and returns the exit code for it.</summary>
    public static int Write(ApiAnswer answer, Uri baseUri, Action<string> error)
    {
        if (answer.Status == 0)
        {
            error($"error: cannot reach the management API at {Redacted(baseUri)}: {answer.Failure}");
            return ExitCodes.Unavailable;
        }

        if (!answer.TryJson(out var problem) || problem.ValueKind != JsonValueKind.Object)
        {
            error($"error: {answer.Status} from {Redacted(baseUri)}");
            var excerpt = string.Join(' ', answer.Body.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (excerpt.Length > 0)
            {
                error("  " + (excerpt.Length > BodyExcerpt ? excerpt[..BodyExcerpt] + "…" : excerpt));
            }

            return ExitCodes.OfStatus(answer.Status);
        }

        var title = problem.Text("title");
        error($"error: {answer.Status} {(title.Length > 0 ? title : "the API refused the request")}");
        if (problem.Text("detail") is { Length: > 0 } detail)
        {
            error("  " + detail);
        }

        if (problem.Object("errors") is { } errors)
        {
            foreach (var field in errors.EnumerateObject())
            {
                var messages = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(JsonText.Of) : [JsonText.Of(field.Value)];
                foreach (var message in messages)
                {
                    error($"  {field.Name}: {message}");
                }
            }
        }

        if (problem.Object("allowed") is { } allowed)
        {
            error("  allowed now: " + Allowed(allowed));
        }

        return ExitCodes.OfStatus(answer.Status);
    }

    /// <summary>The actions a saga allows, as one line: "resume: …; move to: …; cancel: …; deadline: …".</summary>
    public static string Allowed(JsonElement choices)
    {
        static string OrNone(string list) => list.Length > 0 ? list : "none";
        return $"resume: {OrNone(choices.List("resume"))}; move to: {OrNone(choices.List("moveTo"))}; cancel: {OrNone(choices.List("cancel"))}; "
            + $"deadline: {(choices.Flag("deadline") ? "fire-deadline or reschedule" : "none")}";
    }

    /// <summary>The address without any user name or password it may carry.</summary>
    private static string Redacted(Uri uri) => string.IsNullOrEmpty(uri.UserInfo) ? uri.ToString() : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
}
