using RabbitMQ.Client;

namespace SagaHub.Management.RabbitMq;

/// <summary>The properties of a replayed copy: the original's, persistent, without the headers of its fault, with who replayed it and why.</summary>
internal static class ReplayProperties
{
    public const string ReplayedBy = "SagaHub-Replayed-By";

    public const string ReplayReason = "SagaHub-Replay-Reason";

    public const string ReplayedAt = "SagaHub-Replayed-At";

    /// <summary>
    /// A copy of the original's properties: no expiration (an operator's replay should not expire on the way) and no
    /// user id (the broker refuses one that is not the connection's user).
    /// </summary>
    public static BasicProperties Of(IReadOnlyBasicProperties original, DeadLetterAudit audit, DateTimeOffset now)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in original.Headers ?? new Dictionary<string, object?>())
        {
            if (!IsFaultHeader(name))
            {
                headers[name] = value;
            }
        }

        headers[ReplayedBy] = audit.By;
        headers[ReplayReason] = audit.Reason;
        headers[ReplayedAt] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var copy = new BasicProperties
        {
            ContentType = original.ContentType,
            ContentEncoding = original.ContentEncoding,
            MessageId = original.MessageId,
            CorrelationId = original.CorrelationId,
            Type = original.Type,
            AppId = original.AppId,
            ReplyTo = original.ReplyTo,
            Persistent = true,
            Headers = headers,
        };
        if (original.IsTimestampPresent())
        {
            copy.Timestamp = original.Timestamp;
        }

        if (original.IsPriorityPresent())
        {
            copy.Priority = original.Priority;
        }

        return copy;
    }

    /// <summary>
    /// The headers MassTransit adds when it moves a message to <c>_error</c> or <c>_skipped</c> (<c>MT-Reason</c>, <c>MT-Fault-*</c>,
    /// <c>MT-Host-*</c>: the host that faulted), and RabbitMQ.Client's confirm tracking header of an earlier replay.
    /// </summary>
    public static bool IsFaultHeader(string name) =>
        name is "MT-Reason" or "x-dotnet-pub-seq-no"
        || name.StartsWith("MT-Fault-", StringComparison.Ordinal)
        || name.StartsWith("MT-Host-", StringComparison.Ordinal);
}
