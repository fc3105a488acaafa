using Microsoft.Extensions.Logging;

namespace SagaHub.ServiceDefaults;

internal static partial class Log
{
    // The password is deliberately not a parameter of any message here.
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "{Service}: bus on RabbitMQ {RabbitMqHost}:{RabbitMqPort}, virtual host {VirtualHost}, user {Username}, quorum queues {UseQuorumQueues}, prefetch {PrefetchCount}")]
    public static partial void UsingRabbitMq(this ILogger logger, string service, string rabbitMqHost, int rabbitMqPort, string virtualHost, string username, bool useQuorumQueues, string prefetchCount);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "{Service}: bus on the in-memory transport (messages never leave this process)")]
    public static partial void UsingInMemory(this ILogger logger, string service);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Service}: FAULT INJECTION is on ({Faults}); this process is for the fault suite, not production")]
    public static partial void FaultInjectionOn(this ILogger logger, string service, string faults);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Fault injection: sent a copy of {MessageType} {MessageId} to {InputAddress}")]
    public static partial void DuplicateSent(this ILogger logger, string messageType, Guid? messageId, Uri inputAddress);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Critical, Message = "The bus is stuck: no message could be dispatched since {Since:O} ({Failures} failures); stopping with exit code {ExitCode} so that a fresh process takes over (Bus:ExitWhenStuck)")]
    public static partial void BusStuck(this ILogger logger, DateTimeOffset since, long failures, int exitCode);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "{Service}: metrics {Metrics}, traces {Traces}, OTLP export {OtlpEndpoint}")]
    public static partial void TelemetryConfigured(this ILogger logger, string service, bool metrics, bool traces, string otlpEndpoint);
}
