using System.ComponentModel.DataAnnotations;

namespace SagaHub;

/// <summary>Settings of the SagaHub runtime (timers, outbox sweep). Bound from <see cref="SectionName"/>.</summary>
public sealed class SagaHubOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "SagaHub";

    /// <summary>How often the timer service looks for due deadlines.</summary>
    /// <value>Defaults to 1 s.</value>
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many due deadlines one scan claims.</summary>
    /// <value>Defaults to 500.</value>
    [Range(1, 100_000)]
    public int TimerBatchSize { get; set; } = 500;

    /// <summary>How long a claimed deadline is held before another scan may fire it again.</summary>
    /// <value>Defaults to 30 s.</value>
    public TimeSpan TimerClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox sweep looks for rows a crash left undispatched.</summary>
    /// <value>Defaults to 5 s.</value>
    public TimeSpan OutboxSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the operator gauges (sagas by state, parked, overdue, outbox backlog) are read from the store.</summary>
    /// <value>Defaults to 15 s.</value>
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How old an undispatched outbox row must be before the sweep takes it.</summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan OutboxSweepAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long handing one outbox message to the bus may take before the dispatch counts as failed and the row is
    /// left for the sweep: a send on a broker connection that never recovers would otherwise wait for ever.
    /// </summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan DispatchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the timer service and the outbox sweep run as hosted services (the test harness drives them by hand).</summary>
    /// <value>Defaults to true.</value>
    public bool RunBackgroundServices { get; set; } = true;
}
