using MassTransit;

namespace SagaHub.ServiceDefaults.Tests.Infrastructure;

public sealed record Ping(Guid Id);

/// <summary>Completes when the consumer received a <see cref="Ping"/>; one per host.</summary>
public sealed class PingReceived
{
    private readonly TaskCompletionSource<Ping> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set(Ping ping) => _received.TrySetResult(ping);

    /// <summary>Waits for the ping, at most <paramref name="timeout"/>, and says so when it did not come.</summary>
    public async Task<Ping> WaitAsync(TimeSpan timeout)
    {
        try
        {
            return await _received.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"No Ping was consumed within {timeout}.");
        }
    }
}

public sealed class PingConsumer(PingReceived received) : IConsumer<Ping>
{
    public Task Consume(ConsumeContext<Ping> context)
    {
        received.Set(context.Message);
        return Task.CompletedTask;
    }
}
