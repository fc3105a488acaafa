using SagaHub.Management;

namespace SagaHub.Management.Tests.Support;

/// <summary>Dead-letter queues in memory: <c>orders-saga_error</c> holds what the test puts there; every call is recorded.</summary>
public sealed class FakeDeadLetterQueues : IDeadLetterQueues
{
    public List<DeadLetter> Letters { get; } = [];

    public List<(string Call, DeadLetterAudit Audit, DeadLetterSelection? Selection, IReadOnlyCollection<string> Ids)> Calls { get; } = [];

    /// <summary>When set, every call throws it (a broker that cannot be reached).</summary>
    public Exception? Fails { get; set; }

    public static DeadLetter Letter(string id, Guid? sagaId = null) => new()
    {
        Id = id,
        Queue = "orders-saga_error",
        SourceQueue = "orders-saga",
        MessageType = "StockReserved",
        MessageId = id,
        Reason = "fault",
        ExceptionType = "SagaHub.SagaNotFoundException",
        FaultReason = "OrderSaga has no instance " + sagaId,
        FaultedAt = ManagementHost.Now,
        SagaType = sagaId is null ? null : "OrderSaga",
        SagaId = sagaId,
        Body = "{\"messageId\":\"" + id + "\",\"message\":{\"orderId\":\"" + sagaId + "\"}}",
    };

    public Task<IReadOnlyList<DeadLetter>> ListAsync(string? queue, int limit, CancellationToken cancellationToken = default)
    {
        Throw();
        if (queue is not null and not "orders-saga_error")
        {
            throw new ArgumentException($"'{queue}' is not a dead-letter queue of this host; they are: orders-saga_error.", nameof(queue));
        }

        return Task.FromResult<IReadOnlyList<DeadLetter>>([.. Letters.Take(limit)]);
    }

    public Task<IReadOnlyList<DeadLetterOutcome>> ReplayAsync(DeadLetterSelection selection, DeadLetterAudit audit, CancellationToken cancellationToken = default)
    {
        Throw();
        Calls.Add(("replay", audit, selection, selection.Ids));
        return Task.FromResult(Take(selection.All ? [.. Letters.Select(l => l.Id)] : selection.Ids, DeadLetterResult.Replayed));
    }

    public Task<IReadOnlyList<DeadLetterOutcome>> DeleteAsync(IReadOnlyCollection<string> ids, DeadLetterAudit audit, CancellationToken cancellationToken = default)
    {
        Throw();
        Calls.Add(("delete", audit, null, ids));
        return Task.FromResult(Take(ids, DeadLetterResult.Deleted));
    }

    private IReadOnlyList<DeadLetterOutcome> Take(IReadOnlyCollection<string> ids, DeadLetterResult done)
    {
        var outcomes = new List<DeadLetterOutcome>();
        foreach (var id in ids)
        {
            var letter = Letters.FirstOrDefault(l => l.Id == id);
            outcomes.Add(letter is null ? new DeadLetterOutcome(id, DeadLetterResult.NotFound) : new DeadLetterOutcome(id, done, letter));
            if (letter is not null)
            {
                Letters.Remove(letter);
            }
        }

        return outcomes;
    }

    private void Throw()
    {
        if (Fails is { } e)
        {
            throw e;
        }
    }
}
