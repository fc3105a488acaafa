using Microsoft.Extensions.Logging;

namespace SagaHub.Management;

/// <summary>The record of every dead-letter replay and delete: who, why, which queue, message ids and types; never bodies or headers.</summary>
internal static partial class DeadLetterLog
{
    [LoggerMessage(101, LogLevel.Information, "Dead letters: {Action} by {By} ({Reason}) of {Selection}")]
    public static partial void Requested(ILogger logger, string action, string by, string reason, string selection);

    [LoggerMessage(102, LogLevel.Information, "Dead letter {MessageId} ({MessageType}) in {Queue} {Outcome} by {By} ({Reason}); source queue {SourceQueue}, saga {SagaType} {SagaId}")]
    public static partial void Done(ILogger logger, string messageId, string? messageType, string? queue, string outcome, string by, string reason, string? sourceQueue, string? sagaType, Guid? sagaId);

    [LoggerMessage(103, LogLevel.Warning, "Dead letter {MessageId} ({MessageType}) in {Queue} not {Action} by {By} ({Reason}): {Outcome}, {Detail}")]
    public static partial void NotDone(ILogger logger, string messageId, string? messageType, string? queue, string action, string by, string reason, string outcome, string? detail);

    [LoggerMessage(104, LogLevel.Information, "Dead letters: {Action} by {By} ({Reason}) done for {Done}, not found {NotFound}, failed {Failed}")]
    public static partial void Summary(ILogger logger, string action, string by, string reason, int done, int notFound, int failed);

    [LoggerMessage(105, LogLevel.Warning, "Dead letters: {Action} by {By} ({Reason}) could not reach the queues: {Detail}")]
    public static partial void Unreachable(ILogger logger, string action, string by, string reason, string detail);

    [LoggerMessage(106, LogLevel.Error, "Dead letters: {Action} by {By} ({Reason}) refused: the operator audit cannot be written ({ErrorType})")]
    public static partial void NotAudited(ILogger logger, string action, string by, string reason, string errorType);

    [LoggerMessage(107, LogLevel.Error, "Operator audit: the result of {Action} request {RequestId} ({Summary}) could not be written")]
    public static partial void ResultNotAudited(ILogger logger, string action, Guid requestId, string summary, Exception exception);
}
