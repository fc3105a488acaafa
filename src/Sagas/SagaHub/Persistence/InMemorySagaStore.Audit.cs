namespace SagaHub;

/// <summary>The operator audit, in memory.</summary>
public sealed partial class InMemorySagaStore
{
    private readonly List<OperatorAuditEntry> audit = [];

    /// <inheritdoc />
    public ValueTask AppendAuditAsync(OperatorAuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            if (audit.Exists(e => e.Id == entry.Id))
            {
                throw new InvalidOperationException($"The operator audit already holds an entry with id {entry.Id}.");
            }

            audit.Add(entry with { Sequence = audit.Count + 1 });
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OperatorAuditEntry>> ListAuditAsync(OperatorAuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (gate)
        {
            IReadOnlyList<OperatorAuditEntry> page =
            [
                .. Enumerable.Reverse(audit)
                    .Where(e => query.Action is null || string.Equals(e.Action, query.Action, StringComparison.Ordinal))
                    .Where(e => query.Before is not { } before || e.Sequence < before)
                    .Take(query.Limit),
            ];
            return ValueTask.FromResult(page);
        }
    }
}
