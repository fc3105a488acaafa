using MassTransit;

namespace SagaHub.Tests.Support;

/// <summary>A <see cref="Fault{T}"/> as MassTransit would publish it after the consumer gave up.</summary>
/// <typeparam name="T">The faulted message.</typeparam>
/// <param name="Message">The message that failed.</param>
/// <param name="Reason">The exception message.</param>
public sealed record TestFault<T>(T Message, string Reason) : Fault<T>
    where T : class
{
    public Guid FaultId { get; init; } = Guid.NewGuid();

    public Guid? FaultedMessageId { get; init; }

    public DateTime Timestamp { get; init; } = new(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    ExceptionInfo[] Fault.Exceptions => [new TestExceptionInfo(Reason)];

    HostInfo Fault.Host => TestHostInfo.Instance;

    string[] Fault.FaultMessageTypes => [$"urn:message:{typeof(T).FullName}"];
}

public sealed class TestExceptionInfo(string message) : ExceptionInfo
{
    public string ExceptionType => "System.InvalidOperationException";

    public ExceptionInfo? InnerException => null;

    public string StackTrace => string.Empty;

    public string Message => message;

    public string Source => "SagaHub.Tests";

    public IDictionary<string, object> Data { get; } = new Dictionary<string, object>();
}

public sealed class TestHostInfo : HostInfo
{
    public static readonly TestHostInfo Instance = new();

    public string MachineName => "test";

    public string ProcessName => "test";

    public int ProcessId => 1;

    public string Assembly => "SagaHub.Tests";

    public string AssemblyVersion => "1.0.0";

    public string FrameworkVersion => "10.0";

    public string MassTransitVersion => "8.4.0";

    public string OperatingSystemVersion => "test";
}
