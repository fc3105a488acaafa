using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests.SagaStore;

public sealed class SqliteOperatorAuditTests : OperatorAuditStoreContract<SqliteStore>;
