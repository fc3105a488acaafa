using Microsoft.Extensions.Logging;

namespace SagaHub.Management;

/// <summary>Writes an action's two operator audit entries: the request before it runs, the result once it has run.</summary>
internal sealed class AuditTrail(IOperatorAuditStore store, TimeProvider time)
{
    public OperatorAuditEntry Begin(string action, DeadLetterAudit audit, string target) => new()
    {
        Id = Guid.NewGuid(),
        RequestId = Guid.NewGuid(),
        At = time.GetUtcNow(),
        Actor = audit.By,
        Reason = audit.Reason,
        Action = action,
        Target = target,
        Outcome = OperatorAuditOutcome.Requested,
    };

    /// <summary>Appends the request (not cancellable by the caller: an action that has begun is recorded to its end).</summary>
    public ValueTask AppendAsync(OperatorAuditEntry entry) => store.AppendAuditAsync(entry, CancellationToken.None);

    /// <summary>Appends the result; a failure to write it is logged, not thrown: the action has run and its answer must reach the caller.</summary>
    public async Task EndAsync(OperatorAuditEntry request, OperatorAuditOutcome outcome, string summary, string? detail, ILogger logger)
    {
        var result = request with { Id = Guid.NewGuid(), At = time.GetUtcNow(), Outcome = outcome, Summary = summary, Detail = detail };
        try
        {
            await store.AppendAuditAsync(result, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            DeadLetterLog.ResultNotAudited(logger, request.Action, request.RequestId, summary, e);
        }
    }
}
