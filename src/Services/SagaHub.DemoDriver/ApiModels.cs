using System.Text.Json.Serialization;

namespace SagaHub.DemoDriver;

/// <summary>One order line as the API takes it.</summary>
internal sealed record LineBody(string Sku, int Quantity, decimal UnitPrice);

/// <summary>POST /orders.</summary>
internal sealed record OrderBody(string CustomerId, IReadOnlyList<LineBody> Lines);

/// <summary>One returned line of a refund: a SKU of the order and how many come back.</summary>
internal sealed record ReturnedLineBody(string Sku, int Quantity);

/// <summary>POST /orders/{id}/refunds.</summary>
internal sealed record RefundBody(decimal Amount, string Reason, IReadOnlyList<ReturnedLineBody> Lines);

/// <summary>POST /tasks/{id}/approve.</summary>
internal sealed record DecisionBody(string By, string? Comment);

/// <summary>202 answers.</summary>
internal sealed record Accepted(Guid? OrderId, Guid? RefundId);

/// <summary>One history row of GET /orders/{id} or /refunds/{id}.</summary>
internal sealed record HistoryRow(long Sequence, string From, string To, string Trigger, string Kind, string? Detail, DateTimeOffset At);

/// <summary>GET /orders/{id} or /refunds/{id}.</summary>
internal sealed record SagaView(string State, bool IsFinal, IReadOnlyList<HistoryRow> History)
{
    [JsonIgnore]
    public int Transitions => History.Count(h => h.Kind == "Transition");

    [JsonIgnore]
    public IEnumerable<string> Compensations => History.Where(h => h.Kind == "CompensationIssued" && h.Detail is not null).Select(h => h.Detail!.Split(' ', 2)[0]);
}

/// <summary>GET /tasks.</summary>
internal sealed record TaskView(Guid TaskId, Guid SagaId, string Name, string Assignee);
