using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace SagaHub.Demo;

/// <summary>
/// Prints every saga history row the moment its write commits, and turns commits into awaitable
/// signals (a saga entered a state, a saga reached a final state), so the script never polls.
/// </summary>
internal sealed class DemoObserver : ISagaObserver
{
    private readonly ConcurrentDictionary<Guid, SagaWatch> watches = new();
    private long started = Stopwatch.GetTimestamp();

    /// <summary>Serializes console output: the observer runs on the bus's threads.</summary>
    public static Lock OutputLock { get; } = new();

    /// <summary>Restarts the clock the printed offsets count from.</summary>
    public void Restart() => Interlocked.Exchange(ref started, Stopwatch.GetTimestamp());

    /// <summary>Starts watching a saga; call before its first message is sent.</summary>
    /// <param name="sagaId">The saga.</param>
    /// <param name="label">How the saga is shown, e.g. the scenario number.</param>
    /// <returns>The watch.</returns>
    public SagaWatch Watch(Guid sagaId, string label) => watches.GetOrAdd(sagaId, _ => new SagaWatch(label));

    public void OnCommitted(SagaCommitted sagaEvent)
    {
        ArgumentNullException.ThrowIfNull(sagaEvent);
        var watch = watches.GetOrAdd(sagaEvent.SagaId, _ => new SagaWatch("?"));
        var prefix = Prefix(sagaEvent.SagaType, sagaEvent.SagaId, watch.Label);
        lock (OutputLock)
        {
            foreach (var row in sagaEvent.Result.History)
            {
                var line = Describe(row, sagaEvent.Snapshot);
                if (line is not null)
                {
                    AnsiConsole.MarkupLine($"{prefix}  {line}");
                }
            }
        }

        foreach (var row in sagaEvent.Result.History.Where(r => r.Kind == SagaHistoryKind.Transition))
        {
            watch.Entered(row.To, sagaEvent.Snapshot);
        }

        if (sagaEvent.Snapshot is { IsFinal: true } snapshot)
        {
            watch.Finish(snapshot);
        }
    }

    /// <summary>Prints a line of the script's own (not a saga write), dim, in the same layout.</summary>
    /// <param name="sagaType">The saga it concerns.</param>
    /// <param name="sagaId">The saga's id.</param>
    /// <param name="text">Plain text (not markup).</param>
    public void Note(string sagaType, Guid sagaId, string text)
    {
        var prefix = Prefix(sagaType, sagaId, Watch(sagaId, "?").Label);
        lock (OutputLock)
        {
            AnsiConsole.MarkupLine($"{prefix}  [dim]  {Markup.Escape(text)}[/]");
        }
    }

    /// <summary>"OrderSaga" becomes "Order".</summary>
    public static string ShortType(string sagaType) =>
        sagaType.EndsWith("Saga", StringComparison.Ordinal) ? sagaType[..^4] : sagaType;

    /// <summary>The first eight hex digits of an id.</summary>
    public static string ShortId(Guid id) => id.ToString("N", CultureInfo.InvariantCulture)[..8];

    private string Prefix(string sagaType, Guid sagaId, string label)
    {
        var offset = Stopwatch.GetElapsedTime(Interlocked.Read(ref started)).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        return $"{offset,7}s  {Markup.Escape(ShortType(sagaType)),-6} {ShortId(sagaId)} [grey]({Markup.Escape(label)})[/]";
    }

    private static string? Describe(SagaHistoryEntry row, SagaSnapshot? snapshot)
    {
        var from = Markup.Escape(row.From);
        var to = Markup.Escape(row.To);
        var trigger = Markup.Escape(row.Trigger);
        var detail = Markup.Escape(row.Detail ?? string.Empty);
        return row.Kind switch
        {
            SagaHistoryKind.Transition when snapshot is { IsFinal: true } && snapshot.State == row.To =>
                $"{from} -> [bold]{to}[/] on {trigger}",
            SagaHistoryKind.Transition => $"{from} -> {to} on {trigger}",
            SagaHistoryKind.CompensationIssued => $"[dim]  compensation issued: {detail}[/]",
            SagaHistoryKind.Compensated => $"[dim]  compensated: {detail}[/]",
            SagaHistoryKind.TaskCreated => $"[dim]  task created: {detail}[/]",
            SagaHistoryKind.TaskEscalated => $"[dim]  escalated: {detail}[/]",
            SagaHistoryKind.JoinArrival => $"[dim]  {trigger} arrived ({detail})[/]",
            SagaHistoryKind.Rejected => $"[dim]  {trigger} not permitted in {from}: {detail}[/]",
            _ => null,
        };
    }
}

/// <summary>Awaitable milestones of one saga.</summary>
/// <param name="label">How the saga is shown.</param>
internal sealed class SagaWatch(string label)
{
    private readonly TaskCompletionSource<SagaSnapshot> finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SagaSnapshot?>> entered = new(StringComparer.Ordinal);

    public string Label => label;

    /// <summary>Completes when the saga reaches a final state.</summary>
    public Task<SagaSnapshot> Finished => finished.Task;

    /// <summary>Completes when the saga (first) enters <paramref name="state"/>.</summary>
    /// <param name="state">The state's name.</param>
    /// <returns>The saga as saved by that write.</returns>
    public Task<SagaSnapshot?> WhenEntered(string state) => Signal(state).Task;

    internal void Entered(string state, SagaSnapshot? snapshot) => Signal(state).TrySetResult(snapshot);

    internal void Finish(SagaSnapshot snapshot) => finished.TrySetResult(snapshot);

    private TaskCompletionSource<SagaSnapshot?> Signal(string state) =>
        entered.GetOrAdd(state, _ => new TaskCompletionSource<SagaSnapshot?>(TaskCreationOptions.RunContinuationsAsynchronously));
}
