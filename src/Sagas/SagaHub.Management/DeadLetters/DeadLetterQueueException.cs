namespace SagaHub.Management;

/// <summary>The transport behind <see cref="IDeadLetterQueues"/> could not be reached or refused the request.</summary>
public sealed class DeadLetterQueueException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeadLetterQueueException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public DeadLetterQueueException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public DeadLetterQueueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
