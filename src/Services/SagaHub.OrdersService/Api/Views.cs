using SagaHub.Contracts.Orders;
using SagaHub.Orders;

namespace SagaHub.OrdersService.Api;

/// <summary>Store rows to API views.</summary>
internal static class Views
{
    public static OrderView Order(SagaSnapshot snapshot, IReadOnlyList<SagaHistoryEntry> history)
    {
        var data = OrdersApiSagas.ReadData<OrderData>(snapshot);
        return new OrderView(
            snapshot.SagaId,
            snapshot.State,
            data.CustomerId,
            data.Total,
            Lines(data.Lines),
            data.TrackingNumber,
            data.Reason,
            snapshot.IsFinal,
            snapshot.Version,
            snapshot.CreatedAt,
            snapshot.UpdatedAt,
            OpenTask(snapshot),
            History(history));
    }

    public static RefundView Refund(SagaSnapshot snapshot, IReadOnlyList<SagaHistoryEntry> history)
    {
        var data = OrdersApiSagas.ReadData<RefundData>(snapshot);
        return new RefundView(
            snapshot.SagaId,
            data.OrderId,
            snapshot.State,
            data.CustomerId,
            data.Amount,
            Lines(data.ReturnedLines),
            data.RequestReason,
            data.ApprovedBy,
            data.Reason,
            snapshot.IsFinal,
            snapshot.Version,
            snapshot.CreatedAt,
            snapshot.UpdatedAt,
            OpenTask(snapshot),
            History(history));
    }

    public static HumanTaskView Task(HumanTask task) =>
        new(task.TaskId, task.SagaType, task.SagaId, task.Name, task.State, task.Assignee, task.EscalateTo, task.CreatedAt, task.DueAt, task.ExpiresAt, task.Escalated, task.Status);

    public static SagaSummaryView Summary(SagaSnapshot snapshot, bool stuck, string? href) =>
        new(snapshot.SagaType, snapshot.SagaId, snapshot.State, snapshot.IsFinal, stuck, snapshot.Deadline?.DueAt, snapshot.Deadline?.Kind, snapshot.Version, snapshot.CreatedAt, snapshot.UpdatedAt, href);

    private static HumanTaskView? OpenTask(SagaSnapshot snapshot) =>
        snapshot.Task is { Status: HumanTaskStatus.Open } task ? Task(task) : null;

    private static List<OrderLineView> Lines(IEnumerable<OrderLine> lines) =>
        [.. lines.Select(l => new OrderLineView(l.Sku, l.Quantity, l.UnitPrice, l.LineTotal))];

    private static List<HistoryEntryView> History(IReadOnlyList<SagaHistoryEntry> history) =>
        [.. history.Select(h => new HistoryEntryView(h.Sequence, h.From, h.To, h.Trigger, h.Kind, h.Detail, h.At))];
}
