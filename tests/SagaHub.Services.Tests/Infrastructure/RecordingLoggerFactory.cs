using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SagaHub.Services.Tests.Infrastructure;

/// <summary>One log call: which logger, event, level, the rendered message and its structured values.</summary>
public sealed record LogRecord(
    string Category,
    EventId EventId,
    LogLevel Level,
    string Message,
    IReadOnlyDictionary<string, object?> Values);

/// <summary>Keeps every log call, so tests can check what the services log (and count retried attempts).</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogRecord> _records = new();
    private TaskCompletionSource _changed = NewSignal();

    public IReadOnlyList<LogRecord> Records => [.. _records];

    public IReadOnlyList<LogRecord> WithEventId(int eventId) => [.. _records.Where(r => r.EventId.Id == eventId)];

    /// <summary>
    /// Waits until <paramref name="count"/> records with the event id were logged, and returns them. For what
    /// the harness cannot tell apart: it lists a message id once, so a redelivered duplicate is invisible there.
    /// </summary>
    public async Task<IReadOnlyList<LogRecord>> WaitFor(int eventId, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            // Take the signal before looking, so a record logged in between still wakes us.
            var changed = Volatile.Read(ref _changed);
            var found = WithEventId(eventId);
            if (found.Count >= count)
            {
                return found;
            }

            try
            {
                await changed.Task.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Wanted {count} log records with event {eventId}, saw {found.Count}. Log: {string.Join(" | ", Records.Select(r => r.Message))}");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Add(LogRecord record)
    {
        _records.Enqueue(record);
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    private sealed class RecordingLogger(string category, RecordingLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(pair => pair.Key, pair => pair.Value)
                : [];
            factory.Add(new LogRecord(category, eventId, logLevel, formatter(state, exception), values));
        }
    }
}
