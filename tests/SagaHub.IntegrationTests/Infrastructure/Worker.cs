using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace SagaHub.IntegrationTests.Infrastructure;

/// <summary>What the test worker received: (message id, saga id), in arrival order.</summary>
public sealed class WorkerLog
{
    private readonly ConcurrentQueue<(Guid MessageId, Guid SagaId)> received = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<Guid>> firsts = new();

    public IReadOnlyList<(Guid MessageId, Guid SagaId)> Received => [.. received];

    public void Add(Guid messageId, Guid sagaId)
    {
        received.Enqueue((messageId, sagaId));
        First(sagaId).TrySetResult(messageId);
    }

    /// <summary>Completes with the message id of the first <see cref="DoWork"/> for the saga.</summary>
    public Task<Guid> FirstFor(Guid sagaId) => First(sagaId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    private TaskCompletionSource<Guid> First(Guid sagaId) =>
        firsts.GetOrAdd(sagaId, _ => new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>The service a <see cref="WorkSaga"/> commands: records the command, answers <see cref="WorkDone"/> on the saga's queue.</summary>
public sealed class Worker(WorkerLog log, WorkSagaOptions options) : IConsumer<DoWork>
{
    public async Task Consume(ConsumeContext<DoWork> context)
    {
        log.Add(context.MessageId ?? Guid.Empty, context.Message.Id);
        var saga = await context.GetSendEndpoint(new Uri($"queue:{options.Name}")); // lower-case names: the queue is the name
        await saga.Send(new WorkDone(context.Message.Id));
    }
}

public static class WorkerRegistration
{
    /// <summary>Adds the worker on the saga's worker queue.</summary>
    public static void AddWorker(this IBusRegistrationConfigurator bus, WorkSagaOptions options)
    {
        bus.AddSingleton(options);
        bus.AddSingleton<WorkerLog>();
        bus.AddConsumer<Worker>().Endpoint(e => e.Name = options.WorkerQueue);
    }
}
