namespace SagaHub;

/// <summary>
/// Where sagas live: rows with a concurrency token, append-only history, human tasks, inbox and outbox; a store
/// implements every role interface.
/// </summary>
/// <remarks>
/// <c>AddSagaHub</c> registers one store as <see cref="ISagaStore"/> and resolves every role interface to that same
/// instance; SagaHub's own services each depend on the one role they use.
/// </remarks>
public interface ISagaStore : ISagaUnitOfWorkStore, ISagaDeadlineStore, ISagaOutboxStore, IHumanTaskStore, ISagaQueryStore, IOperatorAuditStore;
