using SagaHub.Inventory;
using SagaHub.IntegrationTests.Infrastructure;
using SagaHub.Notifications;
using SagaHub.Orders;
using SagaHub.Payments;
using SagaHub.Shipping;

namespace SagaHub.IntegrationTests;

/// <summary>
/// One saga host running OrderSaga and RefundSaga on the PostgreSQL store, with the four demo
/// services as hosted endpoints, all over RabbitMQ. The only class that hosts the order sagas in
/// the tests' virtual host (their queues are fixed names), so its tests share one host.
/// </summary>
public sealed class OrderHostFixture : IAsyncLifetime
{
    public const string DeclinedCustomer = "it-declined";
    public const string UnshippableCustomer = "it-unshippable";

    public SagaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        static RetryOptions Fast() => new() { RetryLimit = 1, MinInterval = TimeSpan.FromMilliseconds(5), MaxInterval = TimeSpan.FromMilliseconds(10), IntervalDelta = TimeSpan.FromMilliseconds(5) };
        Host = await SagaHost.StartAsync(
            IntegrationSettings.UniqueSchema("orders"),
            hub => hub.AddSaga<OrderSaga>().AddSaga<RefundSaga>(),
            bus: x =>
            {
                x.AddInventoryService(o => o.Retry = Fast());
                x.AddPaymentsService(o =>
                {
                    o.Retry = Fast();
                    o.DeclineCustomers.Add(DeclinedCustomer);
                });
                x.AddShippingService(o =>
                {
                    o.Retry = Fast();
                    o.FailCustomers.Add(UnshippableCustomer);
                });
                x.AddNotificationsService(o => o.Retry = Fast());
            });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
