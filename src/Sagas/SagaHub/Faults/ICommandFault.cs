namespace SagaHub;

/// <summary>Any <see cref="CommandFault{TCommand}"/>, without its command type.</summary>
internal interface ICommandFault
{
    /// <summary>The command that failed.</summary>
    object Command { get; }

    /// <summary>What the service threw, outermost first.</summary>
    IReadOnlyList<FaultExceptionInfo> Exceptions { get; }
}
