namespace SagaHub;

/// <summary>Registration or options are wrong: thrown at start-up, says how to fix it.</summary>
public sealed class SagaConfigurationException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaConfigurationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
