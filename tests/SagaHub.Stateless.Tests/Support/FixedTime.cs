namespace SagaHub.Stateless.Tests.Support;

/// <summary>A clock that always says the same instant (what guards see when the machine asks the engine).</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
