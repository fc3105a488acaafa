using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests.Persistence;

public sealed class InMemoryOperationsTests : SagaOperationsContract<InMemoryStore>;
