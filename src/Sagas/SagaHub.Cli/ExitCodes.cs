namespace SagaHub.Cli;

/// <summary>The tool's exit codes, for scripts.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The API refused the request (a 4xx other than 404 and 409: validation, authentication), or the tool failed otherwise.</summary>
    public const int Refused = 1;

    /// <summary>The command line is not valid.</summary>
    public const int Usage = 2;

    /// <summary>No such saga, saga type, task or dead letter (404).</summary>
    public const int NotFound = 3;

    /// <summary>The action is not allowed now, or the saga changed meanwhile (409).</summary>
    public const int Conflict = 4;

    /// <summary>The server cannot be reached, does not answer in time, answers 5xx or not with JSON.</summary>
    public const int Unavailable = 5;

    /// <summary>The codes with their meaning, for the help and the docs.</summary>
    public static readonly IReadOnlyList<(int Code, string Meaning)> All =
    [
        (Ok, "ok"),
        (Refused, "the API said no (400 validation, 401/403, other 4xx): each error is printed"),
        (Usage, "usage error: the command line is not valid"),
        (NotFound, "not found (404): no such saga, saga type, task or dead letter"),
        (Conflict, "conflict (409): not allowed in this state (the allowed actions are printed), or changed meanwhile"),
        (Unavailable, "cannot reach the server, no answer in time, a 5xx, or an answer that is not JSON"),
    ];

    /// <summary>The exit code of an HTTP status that is not a success.</summary>
    public static int OfStatus(int status) => status switch
    {
        404 => NotFound,
        409 => Conflict,
        >= 500 => Unavailable,
        _ => Refused,
    };
}
