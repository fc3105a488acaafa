using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests;

public sealed class InMemoryQueryPagingTests : SagaQueryPagingContract<InMemoryStore>;
