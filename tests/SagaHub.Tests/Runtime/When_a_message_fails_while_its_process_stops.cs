using Microsoft.Extensions.Hosting;

namespace SagaHub.Tests;

/// <summary>
/// Which failures the endpoints' error pipe hands back to the broker (the process is stopping) instead of faulting them
/// into <c>_error</c> (the message's own failure). The RabbitMQ round trip is in the integration tests
/// (<c>When_a_host_fails_with_messages_in_hand</c>).
/// </summary>
public sealed class When_a_message_fails_while_its_process_stops
{
    [Fact]
    public void Should_treat_a_disposed_container_anywhere_in_the_failure_as_the_process_stopping()
    {
        var wrapped = new InvalidOperationException("handler failed", new ObjectDisposedException("IServiceProvider"));
        var aggregate = new AggregateException(new TimeoutException(), new ObjectDisposedException("DbContext"));

        Assert.True(RequeueWhileStopping.IsStopping(new ObjectDisposedException("IServiceProvider"), lifetime: null));
        Assert.True(RequeueWhileStopping.IsStopping(wrapped, lifetime: null));
        Assert.True(RequeueWhileStopping.IsStopping(aggregate, lifetime: null));
    }

    [Fact]
    public void Should_treat_any_failure_after_the_host_began_to_stop_as_the_process_stopping()
    {
        using var lifetime = new StoppableLifetime();
        var failure = new InvalidOperationException("the database connection was closed");
        Assert.False(RequeueWhileStopping.IsStopping(failure, lifetime));

        lifetime.StopApplication();

        Assert.True(RequeueWhileStopping.IsStopping(failure, lifetime));
    }

    [Fact]
    public void Should_not_treat_a_messages_own_failure_in_a_running_process_as_the_process_stopping()
    {
        using var lifetime = new StoppableLifetime();

        Assert.False(RequeueWhileStopping.IsStopping(new SagaNotFoundException("order", Guid.NewGuid(), "StockReserved"), lifetime));
        Assert.False(RequeueWhileStopping.IsStopping(new InvalidOperationException("A refund of 180 is more than the 50.00 left of its charges"), lifetime: null));
    }

    private sealed class StoppableLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => stopping.Cancel();

        public void Dispose() => stopping.Dispose();
    }
}
