using Microsoft.EntityFrameworkCore;
using static SagaHub.EntityFrameworkCore.SagaRowMapping;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Human tasks: the task inbox's reads, a decision in one transaction, and the task rows a saga commit writes.</summary>
public sealed partial class EfSagaStore
{
    /// <summary>The columns a saga owns of a task it still waits for; the status columns are left to the row (<see cref="HumanTaskChangeKind.Updated"/>).</summary>
    private static readonly string[] SagaOwnedTaskColumns =
        [nameof(TaskRow.Name), nameof(TaskRow.State), nameof(TaskRow.Assignee), nameof(TaskRow.EscalateTo), nameof(TaskRow.DueAt), nameof(TaskRow.ExpiresAt), nameof(TaskRow.Escalated)];

    /// <inheritdoc />
    public async ValueTask<HumanTask?> GetTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Tasks.FirstOrDefaultAsync(t => t.TaskId == taskId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToTask(row);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<HumanTask>> GetOpenTasksAsync(string? assignee, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = context.Tasks.Where(t => t.Status == HumanTaskStatus.Open);
        if (assignee is not null)
        {
            rows = rows.Where(t => t.Assignee == assignee);
        }

        var list = await rows.OrderBy(t => t.DueAt).ThenBy(t => t.TaskId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(ToTask)];
    }

    /// <summary>
    /// Decides an open task in one transaction: <c>UPDATE human_tasks … WHERE task_id = @id AND status = 'Open'</c> and,
    /// when that closed the row, the insert of the decision's outbox row.
    /// </summary>
    /// <remarks>Concurrent decisions serialize on the task row: exactly one updates it, the others find its status.</remarks>
    /// <param name="decision">The decision and its message.</param>
    /// <param name="cancellationToken">Cancels the call (the transaction is rolled back).</param>
    /// <returns>Whether this call decided the task, and the task's status.</returns>
    public async ValueTask<HumanTaskDecisionResult> TryDecideTaskAsync(HumanTaskDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ObjectDisposedException.ThrowIf(disposed, this);
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        context.Database.AutoSavepointsEnabled = false;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var (taskId, status, by, at) = (decision.TaskId, decision.Status, decision.By, decision.At);
        var closed = await context.Tasks
            .Where(t => t.TaskId == taskId && t.Status == HumanTaskStatus.Open)
            .ExecuteUpdateAsync(
                set => set.SetProperty(t => t.Status, status).SetProperty(t => t.DecidedBy, by).SetProperty(t => t.ClosedAt, at),
                cancellationToken).ConfigureAwait(false);
        if (closed == 0)
        {
            var current = await context.Tasks.Where(t => t.TaskId == taskId).Select(t => (HumanTaskStatus?)t.Status).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return new HumanTaskDecisionResult(false, current); // nothing written: the transaction rolls back
        }

        context.Outbox.Add(ToRow(decision.Message));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new HumanTaskDecisionResult(true, status);
    }

    /// <summary>Adds a commit's task rows to the context, as its <see cref="SagaCommit.TaskChanges"/> say.</summary>
    /// <remarks>
    /// A created task is inserted; an update of a task the saga still waits for writes only what the saga owns, since a
    /// decision may have closed the row (<see cref="TryDecideTaskAsync"/>); a closed or reopened task is written whole.
    /// </remarks>
    private static void StageTasks(SagaStoreDbContext context, IReadOnlyList<HumanTaskChange> changes)
    {
        foreach (var (task, kind) in changes)
        {
            var row = ToRow(task);
            if (kind == HumanTaskChangeKind.Created)
            {
                context.Tasks.Add(row);
            }
            else if (kind == HumanTaskChangeKind.Updated)
            {
                var entry = context.Tasks.Attach(row);
                foreach (var owned in SagaOwnedTaskColumns)
                {
                    entry.Property(owned).IsModified = true;
                }
            }
            else
            {
                context.Tasks.Attach(row).State = EntityState.Modified;
            }
        }
    }
}
