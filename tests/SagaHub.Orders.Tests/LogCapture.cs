using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SagaHub.Testing;

namespace SagaHub.Orders.Tests;

/// <summary>
/// Keeps every log event of one harness and wakes waiters. The saga's inbox only logs a skipped
/// duplicate (nothing is committed), so this is how a test knows the second delivery was handled.
/// </summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEvent> events = new();
    private readonly Lock gate = new();
    private readonly List<(Func<LogEvent, bool> Match, TaskCompletionSource Done)> waiters = [];

    public IReadOnlyList<LogEvent> Events => [.. events];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public async Task<LogEvent> WaitAsync(Func<LogEvent, bool> match, TimeSpan timeout, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waiters.Add((match, done));
        }

        try
        {
            if (!events.Any(match))
            {
                await done.Task.WaitAsync(timeout);
            }
        }
        catch (TimeoutException)
        {
            throw new SagaAssertionException($"no log event {what} within {timeout}");
        }
        finally
        {
            lock (gate)
            {
                waiters.RemoveAll(w => w.Done == done);
            }
        }

        return events.First(match);
    }

    public void Dispose()
    {
    }

    private void Add(LogEvent logEvent)
    {
        events.Enqueue(logEvent);
        lock (gate)
        {
            foreach (var waiter in waiters.Where(w => w.Match(logEvent)).ToList())
            {
                waiter.Done.TrySetResult();
                waiters.Remove(waiter);
            }
        }
    }

    internal sealed record LogEvent(string Category, int EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value)
                : [];
            capture.Add(new LogEvent(category, eventId.Id, logLevel, formatter(state, exception), values));
        }
    }
}
