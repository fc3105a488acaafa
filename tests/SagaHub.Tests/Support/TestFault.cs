namespace SagaHub.Tests.Support;

/// <summary>A command's fault as the runtime hands it to a saga after the service gave up (MassTransit's fault, mapped).</summary>
public static class TestFault
{
    /// <summary>A fault of <paramref name="message"/> whose one exception says <paramref name="reason"/>.</summary>
    public static CommandFault<T> Of<T>(T message, string reason)
        where T : class => CommandFault<T>.Of(message, reason, new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
}
