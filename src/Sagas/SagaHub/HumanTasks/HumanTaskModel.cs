namespace SagaHub;

internal sealed class HumanTaskModel<TData>
    where TData : class
{
    public string Name { get; set; } = "Decide";

    public string? Assignee { get; set; }

    public TimeSpan? DueIn { get; set; }

    public string? EscalateTo { get; set; }

    public List<Action<SagaContext<TData>>> OnEscalated { get; } = [];

    public TimeSpan? ExpireAfterEscalation { get; set; }
}
