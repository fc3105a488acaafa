using System.Buffers.Binary;
using System.Text;
using MassTransit;

namespace SagaHub;

/// <summary>
/// Decides tasks through the store's outbox: <see cref="IHumanTaskStore.TryDecideTaskAsync"/> closes the open task and
/// writes the <see cref="HumanTaskCompleted"/> in one transaction, then the message is dispatched at once.
/// </summary>
/// <remarks>When the dispatch fails, or the process dies first, the outbox sweep sends the message.</remarks>
internal sealed class HumanTaskInbox(IHumanTaskStore store, SagaCatalog catalog, IBus sender, OutboxDispatcher dispatcher, TimeProvider time) : IHumanTaskInbox
{
    public async Task<IReadOnlyList<HumanTask>> ListOpenAsync(string? assignee = null, CancellationToken cancellationToken = default) =>
        await store.GetOpenTasksAsync(assignee, cancellationToken).ConfigureAwait(false);

    public async Task<HumanTask?> GetAsync(Guid taskId, CancellationToken cancellationToken = default) =>
        await store.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);

    public Task ApproveAsync(Guid taskId, string by, string? comment = null, CancellationToken cancellationToken = default) =>
        DecideAsync(taskId, true, by, comment, cancellationToken);

    public Task RejectAsync(Guid taskId, string by, string? comment = null, CancellationToken cancellationToken = default) =>
        DecideAsync(taskId, false, by, comment, cancellationToken);

    /// <summary>
    /// The decision message's id, derived from the task and the decision (status, who, when): every send of one decision
    /// carries one id, and the saga's inbox drops the repeats.
    /// </summary>
    /// <remarks>A later decision of a task that a guard kept open gets another id.</remarks>
    internal static Guid DecisionMessageId(Guid taskId, HumanTaskStatus status, string by, DateTimeOffset at)
    {
        var name = Encoding.UTF8.GetBytes(by);
        var input = new byte[16 + 4 + 8 + name.Length];
        taskId.TryWriteBytes(input);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(16), (int)status);
        BinaryPrimitives.WriteInt64LittleEndian(input.AsSpan(20), at.UtcTicks);
        name.CopyTo(input, 28);
        return DeterministicIds.Hashed(input);
    }

    private async Task DecideAsync(Guid taskId, bool approved, string by, string? comment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        // A first read finds the saga (and so the queue) of the task; the store's decision is what settles it.
        var task = await store.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        if (task is not { Status: HumanTaskStatus.Open })
        {
            throw new HumanTaskNotOpenException(taskId, task?.Status);
        }

        var saga = catalog.Find(task.SagaType) ?? throw new SagaConfigurationException($"Task {taskId} belongs to saga '{task.SagaType}', which this host does not run.");
        var now = time.GetUtcNow();
        var status = approved ? HumanTaskStatus.Approved : HumanTaskStatus.Rejected;
        var message = new OutgoingMessage(
            DecisionMessageId(taskId, status, by, now),
            typeof(HumanTaskCompleted),
            new HumanTaskCompleted(task.SagaType, task.SagaId, taskId, approved, by, comment),
            saga.QueueName);
        var entry = new OutboxEntry(task.SagaType, task.SagaId, message, now);
        var result = await store.TryDecideTaskAsync(new HumanTaskDecision(taskId, status, by, now, entry), cancellationToken).ConfigureAwait(false);
        if (!result.Decided)
        {
            throw new HumanTaskNotOpenException(taskId, result.Status);
        }

        try
        {
            // A failed send is logged and left to the outbox sweep: the decision is durable already.
            await dispatcher.DispatchAsync([entry], sender, sender, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up after the decision was committed: the sweep sends it.
        }
    }
}
