using System.Collections.Concurrent;
using MassTransit;

namespace SagaHub.IntegrationTests;

/// <summary>
/// Tells a test when the host is done with a message (handled, skipped, or moved to the error queue; the
/// move is confirmed by the broker before this fires), by the message's id in transport header or message id.
/// </summary>
public sealed class ReceiveWatcher : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> done = new();

    public Task Finished(Guid messageId) => Source(messageId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        Complete(context);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Complete(context);
        return Task.CompletedTask;
    }

    private void Complete(ReceiveContext context)
    {
        var id = context.TransportHeaders.Get<string>(RawBus.IdHeader) ?? context.TransportHeaders.Get<string>(MessageHeaders.MessageId);
        if (Guid.TryParse(id, out var messageId))
        {
            Source(messageId).TrySetResult();
        }
    }

    private TaskCompletionSource Source(Guid messageId) =>
        done.GetOrAdd(messageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
