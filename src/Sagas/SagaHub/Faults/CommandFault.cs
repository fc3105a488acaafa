namespace SagaHub;

/// <summary>
/// A command the saga sent failed: the service that handled it gave up (MassTransit's <c>Fault&lt;TCommand&gt;</c>, which
/// the runtime maps to this type). A saga declares what it does with one by <c>OnFault&lt;TCommand&gt;()</c>.
/// </summary>
/// <typeparam name="TCommand">The command that failed.</typeparam>
/// <param name="Message">The command as it was sent.</param>
/// <param name="Exceptions">What the service threw, outermost first.</param>
/// <param name="Timestamp">When the service gave up.</param>
/// <param name="FaultedMessageId">The failed command's message id, when the bus knows it.</param>
public sealed record CommandFault<TCommand>(TCommand Message, IReadOnlyList<FaultExceptionInfo> Exceptions, DateTimeOffset Timestamp, Guid? FaultedMessageId = null) : ICommandFault
    where TCommand : class
{
    /// <summary>A fault of <paramref name="message"/> with one exception, as a test or an adapter makes it.</summary>
    /// <param name="message">The command that failed.</param>
    /// <param name="reason">The exception's message.</param>
    /// <param name="at">When it failed.</param>
    /// <param name="exceptionType">The exception's type name.</param>
    /// <returns>The fault.</returns>
    public static CommandFault<TCommand> Of(TCommand message, string reason, DateTimeOffset at, string exceptionType = "System.InvalidOperationException") =>
        new(message, [new FaultExceptionInfo(exceptionType, reason)], at);

    object ICommandFault.Command => Message;
}
