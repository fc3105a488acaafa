using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.IntegrationTests.Infrastructure;
using SagaHub.Notifications;
using SagaHub.Orders;
using SagaHub.Payments;
using SagaHub.Shipping;

namespace SagaHub.IntegrationTests;

/// <summary>
/// A saga host with OrderSaga and the payments, shipping and notifications services, in a RabbitMQ virtual host
/// of its own (the order saga's queues have fixed names, and other test runs may share the tests' vhost). There
/// is no inventory service: a test plays it (publishes StockReserved), so it can hold an order in Reserving.
/// </summary>
public sealed class BadInputHostFixture : IAsyncLifetime
{
    public string VirtualHost { get; } = $"sagahub-badinput-{Guid.NewGuid():N}"[..30];

    public string Schema { get; } = IntegrationSettings.UniqueSchema("badinput");

    public SagaHost Host { get; private set; } = null!;

    public IConnection Rabbit { get; private set; } = null!;

    public ReceiveWatcher Received => Host.Services.GetRequiredService<ReceiveWatcher>();

    public async Task InitializeAsync()
    {
        await RabbitVirtualHost.CreateAsync(VirtualHost);
        static RetryOptions Fast() => new() { RetryLimit = 1, MinInterval = TimeSpan.FromMilliseconds(5), MaxInterval = TimeSpan.FromMilliseconds(10), IntervalDelta = TimeSpan.FromMilliseconds(5) };
        Host = await SagaHost.StartAsync(
            Schema,
            hub => hub.AddSaga<OrderSaga>(),
            bus: x =>
            {
                x.AddPaymentsService(o => o.Retry = Fast());
                x.AddShippingService(o => o.Retry = Fast());
                x.AddNotificationsService(o => o.Retry = Fast());
            },
            services: s =>
            {
                s.AddSingleton<ReceiveWatcher>();
                s.AddReceiveObserver(sp => sp.GetRequiredService<ReceiveWatcher>());
            },
            virtualHost: VirtualHost);
        Rabbit = await new ConnectionFactory
        {
            HostName = IntegrationSettings.RabbitHost,
            VirtualHost = VirtualHost,
            UserName = IntegrationSettings.RabbitUser,
            Password = IntegrationSettings.RabbitPassword,
        }.CreateConnectionAsync();
    }

    public async Task DisposeAsync()
    {
        await Rabbit.DisposeAsync();
        await Host.DisposeAsync();
        await RabbitVirtualHost.DeleteAsync(VirtualHost);
    }

    /// <summary>Submits an order and plays the inventory service, so the order runs to Completed.</summary>
    public async Task<Guid> CompleteAnOrderAsync()
    {
        var id = await SubmitAsync();
        await Host.Watcher.WaitForStateAsync(id, nameof(OrderStatus.Reserving));
        await Host.Bus.Publish(new StockReserved(id));
        await Host.Watcher.WaitForStateAsync(id, nameof(OrderStatus.Completed));
        return id;
    }

    public async Task<Guid> SubmitAsync()
    {
        var id = Guid.NewGuid();
        await Host.Bus.Publish(new OrderSubmitted(id, "it-bad-input", [new OrderLine("SKU-RED", 1, 10.00m)]));
        return id;
    }
}
