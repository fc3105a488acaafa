namespace SagaHub.OrdersService.Tests;

/// <summary>
/// The test classes that start the durable Orders service on RabbitMQ's <c>sagahub-tests-orders</c> virtual host. The order
/// saga's queue names are fixed, so two such hosts at once (each on a store schema of its own) would take each other's
/// messages and each miss its own orders: the classes of this collection run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DurableOrdersServiceCollection
{
    public const string Name = "Durable Orders service on sagahub-tests-orders";
}
