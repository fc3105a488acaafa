using System.Diagnostics;
using System.Globalization;
using SagaHub.ServiceDefaults;

namespace SagaHub.OrdersService;

/// <summary>
/// <see cref="FaultInjectionOptions.CrashAfterCommits"/>: kills this process (SIGKILL) right after its Nth saga commit
/// that has messages to send. Observers run after the commit and before the dispatch, so those messages are in the
/// outbox table only, and the next process's outbox sweep must deliver them.
/// </summary>
internal sealed partial class CrashAfterCommitObserver(FaultInjectionOptions faults, ILogger<CrashAfterCommitObserver> logger) : ISagaObserver
{
    private readonly int crashAt = faults.CrashAfterCommits ?? int.MaxValue;
    private int commits;

    public void OnCommitted(SagaCommitted sagaEvent)
    {
        ArgumentNullException.ThrowIfNull(sagaEvent);
        if (sagaEvent.Result.Outgoing.Count == 0 || Interlocked.Increment(ref commits) != crashAt)
        {
            return;
        }

        Crashing(logger, crashAt, sagaEvent.SagaType, sagaEvent.SagaId, sagaEvent.Result.Outgoing.Count);

        // The console logger writes on a background thread, which the kill can beat: say it on stderr as well, at once.
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} crit: Fault injection: killing this process after saga commit {crashAt} ({sagaEvent.SagaType} {sagaEvent.SagaId}), before its {sagaEvent.Result.Outgoing.Count} message(s) are dispatched"));
        using var self = Process.GetCurrentProcess();
        self.Kill();
    }

    [LoggerMessage(EventId = 1590, Level = LogLevel.Critical, Message = "Fault injection: killing this process after saga commit {Commit} ({SagaType} {SagaId}), before its {Count} message(s) are dispatched")]
    private static partial void Crashing(ILogger logger, int commit, string sagaType, Guid sagaId, int count);
}
