namespace SagaHub.Testing;

/// <summary>Thrown by a failed saga assertion; its message includes the saga's actual history.</summary>
public sealed class SagaAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was expected, what was found, and the history.</param>
    public SagaAssertionException(string message)
        : base(message)
    {
    }
}
