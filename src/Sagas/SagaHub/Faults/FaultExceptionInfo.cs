namespace SagaHub;

/// <summary>One exception a failed command's service threw.</summary>
/// <param name="ExceptionType">The exception's full type name.</param>
/// <param name="Message">The exception's message.</param>
public sealed record FaultExceptionInfo(string ExceptionType, string Message);
