using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace SagaHub.Tests;

/// <summary>
/// A publish on a broker connection that recovered badly can wait for ever (seen after a RabbitMQ restart: the sweep
/// of one service hung and its outbox rows stayed undelivered). Every dispatch has a timeout: past it the send counts
/// as failed, the row stays for the sweep, and the next pass (or a fresh process, via the bus watchdog) sends it.
/// </summary>
public sealed class When_the_bus_never_finishes_a_send
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Should_fail_the_dispatch_after_the_timeout_and_leave_the_row_for_the_sweep()
    {
        var store = new InMemorySagaStore();
        var entry = Entry();
        await store.CommitAsync(new SagaCommit("Test", Guid.NewGuid(), null, 0, [], [entry]));
        var (sender, publisher, gate) = HangingBus.Create();
        var health = new DispatchHealth();
        var dispatcher = new OutboxDispatcher(store, time, Options.Create(new SagaHubOptions { DispatchTimeout = TimeSpan.FromSeconds(10) }), health, NullLogger<OutboxDispatcher>.Instance);

        var dispatch = dispatcher.DispatchAsync([entry], sender, publisher, CancellationToken.None);
        await gate.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(dispatch.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, await dispatch.WaitAsync(TimeSpan.FromSeconds(30)));
        var left = await store.GetUndispatchedAsync(time.GetUtcNow(), 10);
        Assert.Equal(entry.Message.MessageId, Assert.Single(left).Message.MessageId);
        Assert.Equal(1, health.FailuresSinceSuccess); // counted, so the bus watchdog sees a bus that cannot send
    }

    [Fact]
    public async Task Should_name_the_message_and_the_setting_in_the_failure()
    {
        var entry = Entry();
        var (sender, publisher, gate) = HangingBus.Create();

        var send = OutboxMessageSender.SendAsync(entry, sender, publisher, TimeSpan.FromSeconds(5), time, CancellationToken.None);
        await gate.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => send.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(entry.Message.MessageId.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("DispatchTimeout", ex.Message, StringComparison.Ordinal);
    }

    private OutboxEntry Entry() =>
        new("Test", Guid.NewGuid(), new OutgoingMessage(Guid.NewGuid(), typeof(Ping), new Ping("hello"), null), time.GetUtcNow());

    public sealed record Ping(string Text);

    /// <summary>A bus whose every send and publish waits for ever, like a publish on a channel that never recovered.</summary>
    public class HangingBus : DispatchProxy
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static (ISendEndpointProvider Sender, IPublishEndpoint Publisher, HangingBus Gate) Create()
        {
            var publisher = DispatchProxy.Create<IPublishEndpoint, HangingBus>();
            return (DispatchProxy.Create<ISendEndpointProvider, HangingBus>(), publisher, (HangingBus)(object)publisher);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Called.TrySetResult();
            return new TaskCompletionSource().Task; // never completes
        }
    }
}
