using System.Collections.Concurrent;

namespace SagaHub;

/// <summary>
/// Whether this process can still hand messages to the bus: every outbox dispatch reports here, by route (the path,
/// a consume context or the bus itself, and the destination queue or message type).
/// </summary>
/// <remarks>
/// A route failing for a long time with no success in between means part of the bus is stuck. A liveness check or
/// watchdog reads <see cref="StuckSince"/>; see <c>SagaHub.ServiceDefaults</c>' bus watchdog.
/// </remarks>
public sealed class DispatchHealth
{
    private readonly ConcurrentDictionary<string, Failing> failing = new(StringComparer.Ordinal);

    /// <summary>Failed dispatches, over the routes failing now, since each one's last success.</summary>
    public long FailuresSinceSuccess => failing.Values.Sum(f => Interlocked.Read(ref f.Count));

    /// <summary>A message was handed to the bus by <paramref name="route"/>: that route works.</summary>
    /// <param name="route">The path and destination, e.g. <c>bus:payments</c>.</param>
    public void Succeeded(string route = "")
    {
        if (!failing.IsEmpty)
        {
            failing.TryRemove(route, out _);
        }
    }

    /// <summary>A dispatch by <paramref name="route"/> failed at <paramref name="now"/>.</summary>
    /// <param name="now">When.</param>
    /// <param name="route">The path and destination, e.g. <c>bus:payments</c>.</param>
    public void Failed(DateTimeOffset now, string route = "")
    {
        var entry = failing.GetOrAdd(route, _ => new Failing(now));
        Interlocked.Increment(ref entry.Count);
    }

    /// <summary>When the longest-failing route started failing without a success since, if that is at least <paramref name="after"/> ago.</summary>
    /// <param name="now">The time now.</param>
    /// <param name="after">How long failing counts as stuck.</param>
    /// <returns>The first failure of that route, or null when every route works (or none has failed for that long).</returns>
    public DateTimeOffset? StuckSince(DateTimeOffset now, TimeSpan after)
    {
        DateTimeOffset? oldest = null;
        foreach (var entry in failing.Values)
        {
            if (now - entry.Since >= after && (oldest is null || entry.Since < oldest))
            {
                oldest = entry.Since;
            }
        }

        return oldest;
    }

    /// <summary>The route that <see cref="Succeeded"/> and <see cref="Failed"/> take: the path and where the message goes.</summary>
    /// <param name="sender">What sends: a consume context, or the bus (the sweeps).</param>
    /// <param name="destination">The queue, or null for a publish.</param>
    /// <param name="messageType">The message type's name (for a publish).</param>
    /// <returns>For example <c>bus:payments</c> or <c>consume:SagaHub.Contracts.Payments.PaymentCaptured</c>.</returns>
    public static string Route(object sender, string? destination, string messageType) =>
        $"{(sender is MassTransit.ConsumeContext ? "consume" : "bus")}:{destination ?? messageType}";

    private sealed class Failing(DateTimeOffset since)
    {
        public readonly DateTimeOffset Since = since;
        public long Count;
    }
}
