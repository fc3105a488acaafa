using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SagaHub.ServiceDefaults.Tests.Infrastructure;

/// <summary>One log call, with everything that could carry a secret: the message, the exception, the values and the scopes.</summary>
public sealed record CapturedLog(string Category, EventId EventId, LogLevel Level, string Message, string? Exception, string Values, string Scopes)
{
    public string AllText => string.Join('\n', Category, Message, Exception, Values, Scopes);
}

/// <summary>Keeps every log call of every category at every level.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Logs => [.. _logs];

    public string AllText => string.Join('\n', Logs.Select(log => log.AllText));

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join("; ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                : string.Empty;
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? string.Empty), scopes);
            provider._logs.Enqueue(new CapturedLog(category, eventId, logLevel, formatter(state, exception), exception?.ToString(), values, string.Join(" => ", scopes)));
        }
    }
}
