namespace SagaHub;

/// <summary>How the engine recognizes a command's fault (<see cref="CommandFault{TCommand}"/>): its type, its name in history and its text.</summary>
internal static class SagaFaults
{
    /// <summary>The fault message type of <paramref name="command"/>.</summary>
    public static Type Of(Type command) => typeof(CommandFault<>).MakeGenericType(command);

    /// <summary>The failed command's type when <paramref name="messageType"/> is a command's fault, else null.</summary>
    public static Type? CommandOf(Type messageType) =>
        messageType.IsGenericType && messageType.GetGenericTypeDefinition() == typeof(CommandFault<>) ? messageType.GetGenericArguments()[0] : null;

    /// <summary>A message type as history names it: <c>Fault&lt;ChargePayment&gt;</c> for a fault, else the type's name.</summary>
    public static string TriggerName(Type messageType) =>
        CommandOf(messageType) is { } command ? $"Fault<{command.Name}>" : messageType.Name;

    /// <summary>What a fault says (its first exception's message), or null when the message is not a fault.</summary>
    public static string? Describe(object message) =>
        message is ICommandFault fault ? fault.Exceptions.FirstOrDefault()?.Message ?? "the service gave up" : null;

    /// <summary>
    /// Whether <paramref name="messageType"/> is MassTransit's fault type, which a saga must not declare (it declares
    /// <c>OnFault&lt;TCommand&gt;()</c>, and the runtime maps the fault to <see cref="CommandFault{TCommand}"/>).
    /// </summary>
    /// <remarks>Known by name: the engine does not reference MassTransit.</remarks>
    public static bool IsBusFault(Type messageType) =>
        messageType.IsGenericType && messageType.GetGenericTypeDefinition().FullName == "MassTransit.Fault`1";
}
