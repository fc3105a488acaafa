namespace SagaHub;

/// <summary>One feature's part of the interpreter: it takes the message when it is the feature's to handle.</summary>
internal interface IFireStep<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    /// <summary>Handles the message and returns true, or returns false to pass it to the next step.</summary>
    bool TryHandle(FireScope<TData, TStatus> scope);
}
