using Microsoft.Extensions.Logging;

namespace SagaHub;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "{Saga} {SagaId}: {From} -> {To} on {Trigger} (message {MessageId})")]
    public static partial void Transitioned(ILogger logger, string saga, Guid sagaId, string from, string to, string trigger, Guid messageId);

    [LoggerMessage(2, LogLevel.Warning, "{Saga} {SagaId}: {Trigger} rejected in state {State}: {Reason} (message {MessageId})")]
    public static partial void Rejected(ILogger logger, string saga, Guid sagaId, string state, string trigger, string reason, Guid messageId);

    [LoggerMessage(3, LogLevel.Information, "{Saga} {SagaId}: {Trigger} ignored in state {State} (message {MessageId})")]
    public static partial void Ignored(ILogger logger, string saga, Guid sagaId, string state, string trigger, Guid messageId);

    [LoggerMessage(4, LogLevel.Information, "{Saga}: message {MessageId} ({Trigger}) was already handled; skipped")]
    public static partial void Duplicate(ILogger logger, string saga, Guid messageId, string trigger);

    [LoggerMessage(5, LogLevel.Error, "{Saga} {SagaId}: no saga for {Trigger} (message {MessageId}); it cannot start one, so it goes to the error queue")]
    public static partial void NotFound(ILogger logger, string saga, Guid sagaId, string trigger, Guid messageId);

    [LoggerMessage(6, LogLevel.Warning, "{Saga} {SagaId}: concurrency conflict on {Trigger} (message {MessageId}); re-running from a fresh read")]
    public static partial void Conflict(ILogger logger, string saga, Guid sagaId, string trigger, Guid messageId);

    [LoggerMessage(7, LogLevel.Debug, "{Saga} {SagaId}: stale {Trigger} ignored: {Reason}")]
    public static partial void Stale(ILogger logger, string saga, Guid sagaId, string trigger, string reason);

    [LoggerMessage(8, LogLevel.Error, "Outbox dispatch of message {MessageId} ({MessageType}) from {Saga} {SagaId} failed; the sweep will retry it")]
    public static partial void DispatchFailed(ILogger logger, Exception exception, Guid messageId, string messageType, string saga, Guid sagaId);

    [LoggerMessage(9, LogLevel.Error, "SagaHub {Service} pass failed; it will run again")]
    public static partial void BackgroundFailed(ILogger logger, Exception exception, string service);

    [LoggerMessage(10, LogLevel.Warning, "{Saga}: rejected start {Trigger} for {SagaId}: {Reason} (message {MessageId})")]
    public static partial void StartRejected(ILogger logger, string saga, Guid sagaId, string trigger, string reason, Guid messageId);

    [LoggerMessage(11, LogLevel.Information, "Outbox sweep delivered {Count} message(s) left behind")]
    public static partial void Swept(ILogger logger, int count);

    [LoggerMessage(12, LogLevel.Debug, "Timer service fired {Count} due deadline(s)")]
    public static partial void TimersFired(ILogger logger, int count);

    [LoggerMessage(13, LogLevel.Error, "{Saga}: message {MessageId} ({Trigger}) has an empty correlation id; it goes to the error queue")]
    public static partial void NoCorrelation(ILogger logger, string saga, Guid messageId, string trigger);

    [LoggerMessage(14, LogLevel.Error, "{Endpoint}: message {MessageId} is {Size} bytes, over the limit of {Limit} bytes; it goes to the error queue unhandled")]
    public static partial void TooLarge(ILogger logger, string endpoint, Guid? messageId, long size, long limit);

    [LoggerMessage(15, LogLevel.Warning, "{Endpoint}: message {MessageId} failed while the process is stopping ({ExceptionType}: {Reason}); handed back to the broker for the next process, not to the error queue")]
    public static partial void RequeuedWhileStopping(ILogger logger, string endpoint, Guid? messageId, string exceptionType, string reason);

    [LoggerMessage(16, LogLevel.Warning, "{Saga} {SagaId}: operator action {Action} by {By}: {From} -> {To} (action {ActionId})")]
    public static partial void OperatorAction(ILogger logger, string saga, Guid sagaId, SagaActionKind action, string by, string from, string to, Guid actionId);

    [LoggerMessage(17, LogLevel.Warning, "Reading the operator gauges from the store failed ({ExceptionType}: {Reason}); they keep their last values")]
    public static partial void GaugesFailed(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(18, LogLevel.Warning, "{Saga} {SagaId}: step {State}: {Attempt} (message {MessageId})")]
    public static partial void StepAttempt(ILogger logger, string saga, Guid sagaId, string state, string attempt, Guid messageId);
}
