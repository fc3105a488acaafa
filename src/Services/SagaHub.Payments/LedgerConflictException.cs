namespace SagaHub.Payments;

/// <summary>
/// The ledger refused an entry: its idempotency key was used before for a different entry, or a
/// refund is larger than what is left of the order's charges. A bug in the sender, not a transient
/// failure: it derives from <see cref="InvalidOperationException"/>, which the retry never repeats.
/// </summary>
public sealed class LedgerConflictException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LedgerConflictException()
        : base("The ledger refused the entry.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LedgerConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public LedgerConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
