using Microsoft.AspNetCore.Http;

namespace SagaHub.Management;

/// <summary>Problem+json answers, each saying what is wrong.</summary>
internal static class Problems
{
    public static IResult BadRequest(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    public static IResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail, SagaActionChoices? allowed = null) =>
        TypedResults.Problem(
            detail,
            statusCode: StatusCodes.Status409Conflict,
            title: allowed is null ? "The saga changed meanwhile" : "The action is not allowed in this state",
            extensions: allowed is null ? null : new Dictionary<string, object?> { ["allowed"] = ChoicesView.Of(allowed) });

    /// <summary>Maps the library's exceptions to answers; null when the exception is not one of them.</summary>
    public static IResult? Of(Exception error) => error switch
    {
        SagaNotFoundException e => NotFound(e.Message),
        SagaConfigurationException e => NotFound(e.Message),
        SagaActionRejectedException e => Conflict(e.Message, e.Choices),
        SagaConcurrencyException e => Conflict(e.Message + " Read the saga again and retry."),
        HumanTaskNotOpenException e => TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "The task is not open"),
        ArgumentException e => BadRequest(e.ParamName ?? "body", e.Message),
        _ => null,
    };
}
