using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests.SagaStore;

[Trait("Category", "Integration")]
public sealed class PostgreSqlOperatorAuditTests : OperatorAuditStoreContract<PostgreSqlStore>;
