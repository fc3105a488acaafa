using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests;

[Trait("Category", "Integration")]
public sealed class PostgreSqlQueryPagingTests : SagaQueryPagingContract<PostgreSqlStore>;
