namespace SagaHub;

/// <summary>
/// Where sagas live: rows with a concurrency token, append-only history, human tasks, inbox and outbox. A store
/// implements every role: the unit of work of one message (<see cref="ISagaUnitOfWorkStore"/>), deadlines
/// (<see cref="ISagaDeadlineStore"/>), the outbox (<see cref="ISagaOutboxStore"/>), human tasks
/// (<see cref="IHumanTaskStore"/>) and queries (<see cref="ISagaQueryStore"/>). SagaHub ships an in-memory store; the
/// EF Core package adds SQLite and PostgreSQL. Every store passes the same compliance tests, one suite per role.
/// </summary>
/// <remarks>
/// <c>AddSagaHub</c> registers one store as <see cref="ISagaStore"/> and resolves every role interface to that same
/// instance; SagaHub's own services each depend on the one role they use.
/// </remarks>
public interface ISagaStore : ISagaUnitOfWorkStore, ISagaDeadlineStore, ISagaOutboxStore, IHumanTaskStore, ISagaQueryStore;
