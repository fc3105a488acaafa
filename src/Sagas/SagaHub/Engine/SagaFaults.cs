using MassTransit;

namespace SagaHub;

/// <summary>How the engine recognizes a command's fault (MassTransit's <see cref="Fault{T}"/>): its name in history and its text.</summary>
internal static class SagaFaults
{
    /// <summary>The fault message type of <paramref name="command"/>.</summary>
    public static Type Of(Type command) => typeof(Fault<>).MakeGenericType(command);

    /// <summary>Whether <paramref name="messageType"/> is a command's fault.</summary>
    public static bool IsFault(Type messageType) => messageType.IsGenericType && messageType.GetGenericTypeDefinition() == typeof(Fault<>);

    /// <summary>A message type as history names it: <c>Fault&lt;ChargePayment&gt;</c> for a fault, else the type's name.</summary>
    public static string TriggerName(Type messageType) =>
        IsFault(messageType) ? $"Fault<{messageType.GetGenericArguments()[0].Name}>" : messageType.Name;

    /// <summary>What a fault says (its first exception's message), or null when the message is not a fault.</summary>
    public static string? Describe(object message) =>
        message is Fault fault ? fault.Exceptions.FirstOrDefault()?.Message ?? "the service gave up" : null;

    /// <summary>The declared message type of <paramref name="message"/>: a concrete fault class stands for the <c>Fault&lt;T&gt;</c> interface a saga declares.</summary>
    public static Type DeclaredType(Type type, object message) =>
        !type.IsInterface && message is Fault
            ? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Fault<>)) ?? type
            : type;
}
