namespace SagaHub;

/// <summary>Something that must be ready before any receive endpoint consumes: a schema applied, a store reachable.</summary>
public interface IStartupCheck
{
    /// <summary>What is checked, for logs (never a secret), e.g. <c>schema of inventory</c>.</summary>
    string Name { get; }

    /// <summary>Returns when ready; throws when not.</summary>
    /// <param name="cancellationToken">Cancels the check (the host's start was cancelled).</param>
    /// <returns>A task.</returns>
    Task CheckAsync(CancellationToken cancellationToken);
}
