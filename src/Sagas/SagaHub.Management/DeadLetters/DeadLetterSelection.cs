namespace SagaHub.Management;

/// <summary>Which dead letters a replay takes: some ids, or all, of one queue or of every queue served.</summary>
public sealed record DeadLetterSelection
{
    /// <summary>The messages' <see cref="DeadLetter.Id"/>s; empty with <see cref="All"/>.</summary>
    public IReadOnlyCollection<string> Ids { get; init; } = [];

    /// <summary>The dead-letter queue to look in; null for every queue served.</summary>
    public string? Queue { get; init; }

    /// <summary>Whether every message (of <see cref="Queue"/>, else of every queue) is taken, up to <see cref="Limit"/> in all.</summary>
    public bool All { get; init; }

    /// <summary>The most messages one replay of <see cref="All"/> takes.</summary>
    /// <value>Defaults to 1000.</value>
    public int Limit { get; init; } = 1000;

    /// <summary>Throws when the selection names neither ids nor all, or both.</summary>
    /// <exception cref="ArgumentException">The selection is not valid; the parameter names the field.</exception>
    public void Validate()
    {
        if (All && Ids.Count > 0)
        {
            throw new ArgumentException("Give ids or all, not both.", "ids");
        }

        if (!All && Ids.Count == 0)
        {
            throw new ArgumentException("Say which messages: give ids, or all.", "ids");
        }

        if (Limit < 1)
        {
            throw new ArgumentException("The limit must be at least 1.", "limit");
        }
    }
}
