namespace SagaHub;

/// <summary>Base type of every exception SagaHub throws on purpose.</summary>
public abstract class SagaHubException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and how to fix it.</summary>
    protected SagaHubException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
