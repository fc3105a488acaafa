using System.Diagnostics.Metrics;

namespace SagaHub;

/// <summary>The operator gauges' last reading from the store; the meter's callbacks report it, so a scrape never queries the database.</summary>
internal sealed class SagaGauges
{
    private volatile Reading reading = new([], 0, null, DateTimeOffset.MinValue);

    public void Update(IReadOnlyList<SagaStateCount> counts, int outboxBacklog, DateTimeOffset? oldestOutbox, DateTimeOffset at) =>
        reading = new Reading(counts, outboxBacklog, oldestOutbox, at);

    public IEnumerable<Measurement<long>> Instances() =>
        reading.Counts.Select(c => new Measurement<long>(c.Count, Saga(c.SagaType), new("state", c.State), new("kind", c.IsFinal ? "final" : c.IsParked ? "parked" : "active")));

    public IEnumerable<Measurement<long>> Parked() => PerSaga(c => c.IsParked ? c.Count : 0);

    public IEnumerable<Measurement<long>> Overdue() => PerSaga(c => c.Overdue);

    public IEnumerable<Measurement<double>> OldestOverdueAge()
    {
        var r = reading;
        return r.Counts.Where(c => c.OldestOverdue is not null).GroupBy(c => c.SagaType)
            .Select(g => new Measurement<double>((r.At - g.Min(c => c.OldestOverdue!.Value)).TotalSeconds, Saga(g.Key)));
    }

    public IEnumerable<Measurement<long>> OutboxBacklog()
    {
        var r = reading;
        return r.At == DateTimeOffset.MinValue ? [] : [new Measurement<long>(r.OutboxBacklog)];
    }

    public IEnumerable<Measurement<double>> OutboxOldestAge()
    {
        var r = reading;
        return r.At == DateTimeOffset.MinValue ? [] : [new Measurement<double>(r.OldestOutbox is { } o ? (r.At - o).TotalSeconds : 0)];
    }

    private IEnumerable<Measurement<long>> PerSaga(Func<SagaStateCount, long> value) =>
        reading.Counts.GroupBy(c => c.SagaType).Select(g => new Measurement<long>(g.Sum(value), Saga(g.Key)));

    private static KeyValuePair<string, object?> Saga(string name) => new("saga", name);

    private sealed record Reading(IReadOnlyList<SagaStateCount> Counts, int OutboxBacklog, DateTimeOffset? OldestOutbox, DateTimeOffset At);
}
