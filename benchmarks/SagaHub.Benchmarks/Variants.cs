namespace SagaHub.Benchmarks;

/// <summary>One way of running the order flow: which host program mode, how many host processes.</summary>
/// <param name="Name">Short name (command line, report).</param>
/// <param name="Label">What it is, for the report.</param>
/// <param name="HostMode">The host's <c>Bench:Mode</c>.</param>
/// <param name="Hosts">How many host processes compete on the queue.</param>
/// <param name="KeepsSagaRows">Whether the host writes to the saga database (its commits are counted).</param>
internal sealed record VariantSpec(string Name, string Label, string HostMode, int Hosts, bool KeepsSagaRows)
{
    /// <summary>Finished orders (with history and inbox rows) written to the saga database before the measured phase.</summary>
    public int PrefillFinished { get; init; }

    public static VariantSpec SagaHubDurable(int hosts = 1) => new(
        hosts == 1 ? "sagahub-durable" : $"sagahub-durable-x{hosts}",
        hosts == 1 ? "SagaHub, durable (PostgreSQL: inbox, outbox, history)" : $"SagaHub, durable, {hosts} hosts on one queue",
        "SagaHubDurable",
        hosts,
        KeepsSagaRows: true);

    public static VariantSpec Prefilled(int rows) => SagaHubDurable() with
    {
        Name = "prefilled",
        Label = $"SagaHub, durable, {rows:N0} finished sagas already stored",
        PrefillFinished = rows,
    };

    public static VariantSpec SagaHubMemory { get; } = new("sagahub-memory", "SagaHub, in-memory store", "SagaHubMemory", 1, KeepsSagaRows: false);

    public static VariantSpec MassTransit { get; } = new("masstransit", "MassTransit state machine, in-memory repository", "MassTransit", 1, KeepsSagaRows: false);

    public static VariantSpec HandRolled { get; } = new("handrolled", "Hand-rolled consumers + Npgsql status column", "HandRolled", 1, KeepsSagaRows: true);

    /// <summary>Saga transitions per completed order on the happy path: Reserving, Charging, Shipping, Completed.</summary>
    public const int TransitionsPerOrder = 4;
}
