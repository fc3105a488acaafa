namespace SagaHub.Payments;

/// <summary>
/// The (simulated) payment provider could not be reached. Transient: the consumer's retry tries again,
/// and when the retries are used up the command faults.
/// </summary>
public sealed class PaymentProviderUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public PaymentProviderUnavailableException()
        : base("The payment provider is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PaymentProviderUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public PaymentProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
