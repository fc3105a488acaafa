namespace SagaHub;

/// <summary>An undo command whose confirmation the compensation waits for before it sends the next one.</summary>
public sealed class SagaGraphConfirmation
{
    internal SagaGraphConfirmation(Type commandType, Type confirmationType, Type faultType)
    {
        CommandType = commandType;
        ConfirmationType = confirmationType;
        FaultType = faultType;
    }

    /// <summary>The undo command.</summary>
    public Type CommandType { get; }

    /// <summary>The message that confirms it: the compensation goes on.</summary>
    public Type ConfirmationType { get; }

    /// <summary>The fault of the undo command: the compensation fails and the saga parks in the failure state.</summary>
    public Type FaultType { get; }
}
