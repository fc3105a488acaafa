using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests;

public sealed class SqliteQueryPagingTests : SagaQueryPagingContract<SqliteStore>;
