namespace SagaHub.OrdersService.Api;

// The wire contract of the Orders API. Request members are nullable so a missing field is told apart
// from a zero and reported by name; System.Text.Json web defaults make them camelCase on the wire.

/// <summary>Body of <c>POST /orders</c>.</summary>
/// <param name="CustomerId">The customer (required).</param>
/// <param name="Lines">The lines (1 to <see cref="OrdersApiOptions.MaxLines"/>).</param>
public sealed record CreateOrderRequest(string? CustomerId, IReadOnlyList<CreateOrderLine?>? Lines);

/// <summary>One line of <see cref="CreateOrderRequest"/>.</summary>
/// <param name="Sku">A known SKU.</param>
/// <param name="Quantity">1 to <see cref="OrdersApiOptions.MaxQuantity"/>.</param>
/// <param name="UnitPrice">0 to <see cref="OrdersApiOptions.MaxUnitPrice"/>.</param>
public sealed record CreateOrderLine(string? Sku, int? Quantity, decimal? UnitPrice);

/// <summary>Answer of <c>POST /orders</c> (202): the order's id; <c>GET /orders/{orderId}</c> shows its progress.</summary>
/// <param name="OrderId">The new order's id.</param>
public sealed record OrderAccepted(Guid OrderId);

/// <summary>Body of <c>POST /orders/{orderId}/refunds</c>.</summary>
/// <param name="Amount">More than 0, at most the order's total.</param>
/// <param name="Reason">Why the customer asks (required).</param>
/// <param name="Lines">The lines the customer returns, restocked once paid back (optional; none when missing).</param>
public sealed record CreateRefundRequest(decimal? Amount, string? Reason, IReadOnlyList<RefundLineRequest?>? Lines = null);

/// <summary>One returned line of <see cref="CreateRefundRequest"/>.</summary>
/// <param name="Sku">A SKU of the order.</param>
/// <param name="Quantity">At least 1; with the other lines of its SKU at most the quantity ordered.</param>
public sealed record RefundLineRequest(string? Sku, int? Quantity);

/// <summary>Answer of <c>POST /orders/{orderId}/refunds</c> (202).</summary>
/// <param name="RefundId">The new refund's id.</param>
public sealed record RefundAccepted(Guid RefundId);

/// <summary>Body of <c>POST /tasks/{taskId}/approve</c> and <c>/reject</c>.</summary>
/// <param name="By">Who decides (required).</param>
/// <param name="Comment">Optional words.</param>
public sealed record TaskDecisionRequest(string? By, string? Comment);

/// <summary>Answer of a task decision (202): the decision was sent to the saga, which applies it asynchronously.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="SagaType">The saga that waits for it.</param>
/// <param name="SagaId">The saga instance.</param>
/// <param name="Decision"><c>Approved</c> or <c>Rejected</c>.</param>
public sealed record TaskDecisionAccepted(Guid TaskId, string SagaType, Guid SagaId, string Decision);

/// <summary>An order as <c>GET /orders/{orderId}</c> shows it.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="State">The order saga's state (<c>Reserving</c> … <c>Completed</c>).</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Total">The sum of the lines.</param>
/// <param name="Lines">The lines.</param>
/// <param name="TrackingNumber">The carrier's tracking number once shipped.</param>
/// <param name="Reason">Why it was rejected or cancelled.</param>
/// <param name="IsFinal">Whether the state is final.</param>
/// <param name="Version">The saga row's version.</param>
/// <param name="CreatedAt">When the saga started.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="OpenTask">The human task it waits for, if any.</param>
/// <param name="History">Its history, oldest first.</param>
public sealed record OrderView(
    Guid OrderId,
    string State,
    string CustomerId,
    decimal Total,
    IReadOnlyList<OrderLineView> Lines,
    string? TrackingNumber,
    string? Reason,
    bool IsFinal,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    HumanTaskView? OpenTask,
    IReadOnlyList<HistoryEntryView> History);

/// <summary>One line of an order or refund.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="Quantity">How many.</param>
/// <param name="UnitPrice">The price of one.</param>
/// <param name="LineTotal">Quantity times unit price.</param>
public sealed record OrderLineView(string Sku, int Quantity, decimal UnitPrice, decimal LineTotal);

/// <summary>A refund as <c>GET /refunds/{refundId}</c> shows it.</summary>
/// <param name="RefundId">The refund.</param>
/// <param name="OrderId">The refunded order.</param>
/// <param name="State">The refund saga's state (<c>AwaitingApproval</c> … <c>Refunded</c>).</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Amount">How much is paid back.</param>
/// <param name="Lines">The lines the customer returned, restocked once paid back (empty: nothing returned).</param>
/// <param name="RequestReason">Why the customer asked.</param>
/// <param name="ApprovedBy">Who approved it, or <c>auto</c>.</param>
/// <param name="Reason">Why it was rejected or needs attention.</param>
/// <param name="IsFinal">Whether the state is final.</param>
/// <param name="Version">The saga row's version.</param>
/// <param name="CreatedAt">When the saga started.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="OpenTask">The approval task it waits for, if any.</param>
/// <param name="History">Its history, oldest first.</param>
public sealed record RefundView(
    Guid RefundId,
    Guid OrderId,
    string State,
    string CustomerId,
    decimal Amount,
    IReadOnlyList<OrderLineView> Lines,
    string? RequestReason,
    string? ApprovedBy,
    string? Reason,
    bool IsFinal,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    HumanTaskView? OpenTask,
    IReadOnlyList<HistoryEntryView> History);

/// <summary>One history row.</summary>
/// <param name="Sequence">Gap-free from 1.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Trigger">A message type, <c>Timeout</c>, <c>Approved</c>, ….</param>
/// <param name="Kind">What the row records (<c>Transition</c>, <c>Rejected</c>, <c>TaskCreated</c>, …).</param>
/// <param name="Detail">The reason of a rejection, the compensation issued, and the like.</param>
/// <param name="At">When it happened.</param>
public sealed record HistoryEntryView(long Sequence, string From, string To, string Trigger, SagaHistoryKind Kind, string? Detail, DateTimeOffset At);

/// <summary>A human task as the API shows it.</summary>
/// <param name="TaskId">Approve or reject by this id.</param>
/// <param name="SagaType">The saga that waits for it.</param>
/// <param name="SagaId">The saga instance.</param>
/// <param name="Name">What to decide.</param>
/// <param name="State">The saga state that waits for it.</param>
/// <param name="Assignee">The person or role it is assigned to now.</param>
/// <param name="EscalateTo">Who gets it when it is past due.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="DueAt">When it is due.</param>
/// <param name="ExpiresAt">The final expiry once known.</param>
/// <param name="Escalated">Whether it was escalated.</param>
/// <param name="Status">Where it stands (<c>Open</c> for every task <c>GET /tasks</c> lists).</param>
public sealed record HumanTaskView(
    Guid TaskId,
    string SagaType,
    Guid SagaId,
    string Name,
    string State,
    string Assignee,
    string? EscalateTo,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? ExpiresAt,
    bool Escalated,
    HumanTaskStatus Status);

/// <summary>One saga as <c>GET /sagas</c> lists it.</summary>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The instance.</param>
/// <param name="State">Its state.</param>
/// <param name="IsFinal">Whether the state is final.</param>
/// <param name="Stuck">Past its deadline by more than <see cref="OrdersApiOptions.StuckAfter"/>, or parked (<c>NeedsAttention</c>).</param>
/// <param name="DeadlineAt">Its pending deadline, if any.</param>
/// <param name="DeadlineKind">What the deadline is for.</param>
/// <param name="Version">The row's version.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Href">Where the API shows it in full (<c>/orders/{id}</c>, <c>/refunds/{id}</c>).</param>
public sealed record SagaSummaryView(
    string SagaType,
    Guid SagaId,
    string State,
    bool IsFinal,
    bool Stuck,
    DateTimeOffset? DeadlineAt,
    SagaDeadlineKind? DeadlineKind,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Href);
