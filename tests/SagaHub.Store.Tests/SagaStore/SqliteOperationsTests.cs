using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests.SagaStore;

public sealed class SqliteOperationsTests : SagaOperationsContract<SqliteStore>;
