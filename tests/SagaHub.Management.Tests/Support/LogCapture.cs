using Microsoft.Extensions.Logging;

namespace SagaHub.Management.Tests.Support;

/// <summary>Keeps every log line of the host, with its category and event id.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly List<(string Category, int EventId, string Message)> lines = [];

    public IReadOnlyList<(string Category, int EventId, string Message)> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (capture.lines)
            {
                capture.lines.Add((category, eventId.Id, formatter(state, exception)));
            }
        }
    }
}
