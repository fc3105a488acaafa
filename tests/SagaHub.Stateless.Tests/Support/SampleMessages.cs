using System.Reflection;
using SagaHub.Tests.Support;

namespace SagaHub.Stateless.Tests.Support;

/// <summary>Builds a message of any declared type for one saga: every Guid is the saga's id, strings and numbers are plain samples, lists are empty.</summary>
public static class SampleMessages
{
    public static object Create(Type type, Guid sagaId)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CommandFault<>))
        {
            var faulted = type.GetGenericArguments()[0];
            return typeof(TestFault).GetMethod(nameof(TestFault.Of))!.MakeGenericMethod(faulted).Invoke(null, [Create(faulted, sagaId), "sample fault"])!;
        }

        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).MaxBy(c => c.GetParameters().Length)
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor");
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p.ParameterType, sagaId))]);
    }

    private static object? Value(Type type, Guid sagaId) => type switch
    {
        _ when type == typeof(Guid) => sagaId,
        _ when type == typeof(string) => "sample",
        _ when type == typeof(decimal) => 1m,
        _ when type == typeof(int) => 1,
        _ when type == typeof(long) => 1L,
        _ when type == typeof(bool) => true,
        _ when type == typeof(DateTimeOffset) => Clock.T0,
        _ when type == typeof(TimeSpan) => TimeSpan.FromMinutes(1),
        _ when type.IsArray => Array.CreateInstance(type.GetElementType()!, 0),
        _ when type.IsGenericType && type.GetGenericArguments().Length == 1 && type.IsAssignableFrom(type.GetGenericArguments()[0].MakeArrayType()) =>
            Array.CreateInstance(type.GetGenericArguments()[0], 0),
        _ when Nullable.GetUnderlyingType(type) is { } inner => Value(inner, sagaId),
        _ when type.IsValueType => Activator.CreateInstance(type),
        _ => Create(type, sagaId),
    };
}
