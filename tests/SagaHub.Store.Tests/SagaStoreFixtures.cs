using System.Text.Json.Nodes;

namespace SagaHub.Store.Tests;

/// <summary>Builders for snapshots, history rows, outbox rows and commits, and value-wise asserts.</summary>
public static class SagaStoreFixtures
{
    public const string OrderSaga = "OrderSaga";
    public const string RefundSaga = "RefundSaga";

    /// <summary>A fixed UTC instant; every timestamp in the suite is this plus whole microseconds.</summary>
    public static readonly DateTimeOffset Base = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset T(int seconds) => Base.AddSeconds(seconds);

    /// <summary>An instant with a sub-second part, at microsecond precision (what PostgreSQL keeps).</summary>
    public static DateTimeOffset T(int seconds, int microseconds) => Base.AddSeconds(seconds).AddTicks(microseconds * 10L);

    public static string DataFor(Guid sagaId, decimal amount = 80m) =>
        new JsonObject { ["orderId"] = sagaId, ["amount"] = amount, ["customer"] = "Zoë Müller" }.ToJsonString();

    /// <summary>A new saga row (version 0, one history row) as the engine hands it to an insert.</summary>
    public static SagaSnapshot Snapshot(Guid sagaId, string state = "Submitted", string sagaType = OrderSaga, DateTimeOffset? createdAt = null, SagaDeadline? deadline = null) => new()
    {
        SagaType = sagaType,
        SagaId = sagaId,
        State = state,
        IsFinal = false,
        Data = DataFor(sagaId),
        Version = 0,
        LastSequence = 1,
        Deadline = deadline,
        CreatedAt = createdAt ?? T(0),
        UpdatedAt = createdAt ?? T(0),
    };

    public static SagaDeadline Deadline(DateTimeOffset dueAt, SagaDeadlineKind kind = SagaDeadlineKind.Timeout) => new(Guid.NewGuid(), dueAt, kind);

    public static SagaHistoryEntry Entry(long sequence, string from, string to, DateTimeOffset at, string trigger = "SubmitOrder", SagaHistoryKind kind = SagaHistoryKind.Transition, Guid? messageId = null, string? detail = null) =>
        new(sequence, from, to, trigger, messageId, at, kind, detail);

    public static OutboxEntry Send(SagaSnapshot saga, DateTimeOffset createdAt, string note = "reserve", string destination = "inventory") =>
        new(saga.SagaType, saga.SagaId, new OutgoingMessage(Guid.NewGuid(), typeof(StoreTestCommand), new StoreTestCommand(saga.SagaId, note, 129.95m), destination), createdAt);

    public static OutboxEntry Publish(SagaSnapshot saga, DateTimeOffset createdAt, string reason = "submitted") =>
        new(saga.SagaType, saga.SagaId, new OutgoingMessage(Guid.NewGuid(), typeof(StoreTestEvent), new StoreTestEvent(saga.SagaId, reason, createdAt), null), createdAt);

    /// <summary>
    /// A commit of <paramref name="snapshot"/> over the stored row <paramref name="before"/> (null for a new saga), its task
    /// changes computed from the two as the runtime computes them (<paramref name="decidedTaskId"/>: the task whose decision
    /// the message is).
    /// </summary>
    public static SagaCommit Commit(SagaSnapshot snapshot, long expectedVersion, IReadOnlyList<SagaHistoryEntry>? history = null, IReadOnlyList<OutboxEntry>? outbox = null, Guid? messageId = null, SagaSnapshot? before = null, Guid? decidedTaskId = null) =>
        new(snapshot.SagaType, messageId ?? Guid.NewGuid(), snapshot, expectedVersion, history ?? [], outbox ?? []) { TaskChanges = HumanTaskChange.Between(before, snapshot, decidedTaskId) };

    public static HumanTask OpenTask(SagaSnapshot saga, string assignee, DateTimeOffset dueAt, string name = "Approve refund") =>
        new(Guid.NewGuid(), saga.SagaType, saga.SagaId, name, saga.State, assignee, null, saga.CreatedAt, dueAt, null, false, HumanTaskStatus.Open, null, null);

    /// <summary>Every field of a stored row equals the written one, the version being the store's.</summary>
    public static void AssertSnapshot(SagaSnapshot expected, SagaSnapshot? actual, long version)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.SagaType, actual.SagaType);
        Assert.Equal(expected.SagaId, actual.SagaId);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.IsFinal, actual.IsFinal);
        AssertSameJson(expected.Data, actual.Data);
        Assert.Equal(version, actual.Version);
        Assert.Equal(expected.LastSequence, actual.LastSequence);
        Assert.Equal(expected.Deadline, actual.Deadline);
        Assert.Equal(expected.Compensations, actual.Compensations);
        Assert.Equal(expected.Compensating, actual.Compensating);
        Assert.Equal(expected.JoinArrivals, actual.JoinArrivals);
        Assert.Equal(expected.Task, actual.Task);
        Assert.Equal(expected.Attempt, actual.Attempt);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
    }

    /// <summary>Same JSON document (a store may keep it as jsonb, which reformats the text).</summary>
    public static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected JSON {expected} but found {actual}.");

    /// <summary>Every field of an outbox row equals the written one, the message rebuilt by value.</summary>
    public static void AssertOutbox(OutboxEntry expected, OutboxEntry actual)
    {
        Assert.Equal(expected.SagaType, actual.SagaType);
        Assert.Equal(expected.SagaId, actual.SagaId);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.Message.MessageId, actual.Message.MessageId);
        Assert.Equal(expected.Message.MessageType, actual.Message.MessageType);
        Assert.Equal(expected.Message.Destination, actual.Message.Destination);
        Assert.Equal(expected.Message.IsPublish, actual.Message.IsPublish);
        Assert.IsType(expected.Message.MessageType, actual.Message.Message);
        Assert.Equal(expected.Message.Message, actual.Message.Message);
    }
}
