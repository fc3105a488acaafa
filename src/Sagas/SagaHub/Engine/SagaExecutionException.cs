namespace SagaHub;

/// <summary>A saga's action failed in a way that is a bug, not a transient fault (two guards passed, a send without a route). Never retried.</summary>
public sealed class SagaExecutionException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaExecutionException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
