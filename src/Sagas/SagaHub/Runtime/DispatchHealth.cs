namespace SagaHub;

/// <summary>
/// Whether this process can still hand messages to the bus: every outbox dispatch (the saga runtime's, the service
/// inbox's, the sweeps') reports here. Failures are normal while the broker is down; dispatch failing for a long time
/// with no success in between, while the process is otherwise running, means its bus is stuck (MassTransit 8.4 did
/// not always recover its send channels after a RabbitMQ restart). A liveness check or watchdog reads
/// <see cref="StuckSince"/>; see <c>SagaHub.ServiceDefaults</c>' bus watchdog.
/// </summary>
public sealed class DispatchHealth
{
    private readonly Lock gate = new();
    private DateTimeOffset? failingSince;
    private long failures;

    /// <summary>The process-wide instance the SagaHub dispatchers report to.</summary>
    public static DispatchHealth Shared { get; } = new();

    /// <summary>Failed dispatches since the last success.</summary>
    public long FailuresSinceSuccess => Interlocked.Read(ref failures);

    /// <summary>A message was handed to the bus: dispatch works.</summary>
    public void Succeeded()
    {
        if (Interlocked.Read(ref failures) == 0)
        {
            return;
        }

        lock (gate)
        {
            failingSince = null;
            Interlocked.Exchange(ref failures, 0);
        }
    }

    /// <summary>A dispatch failed at <paramref name="now"/>.</summary>
    /// <param name="now">When.</param>
    public void Failed(DateTimeOffset now)
    {
        lock (gate)
        {
            failingSince ??= now;
            Interlocked.Increment(ref failures);
        }
    }

    /// <summary>When dispatch started failing without a success since, if it has been failing for at least <paramref name="after"/>.</summary>
    /// <param name="now">The time now.</param>
    /// <param name="after">How long failing counts as stuck.</param>
    /// <returns>The first failure of the run, or null when dispatch works (or has not failed for that long).</returns>
    public DateTimeOffset? StuckSince(DateTimeOffset now, TimeSpan after)
    {
        lock (gate)
        {
            return failingSince is { } since && now - since >= after ? since : null;
        }
    }
}
