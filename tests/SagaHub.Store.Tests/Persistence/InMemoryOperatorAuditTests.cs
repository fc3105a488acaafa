using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests.Persistence;

public sealed class InMemoryOperatorAuditTests : OperatorAuditStoreContract<InMemoryStore>;
