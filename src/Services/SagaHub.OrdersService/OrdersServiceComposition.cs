using MassTransit;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Contracts;
using SagaHub.EntityFrameworkCore;
using SagaHub.Management.RabbitMq;
using SagaHub.Orders;
using SagaHub.OrdersService.Api;
using SagaHub.Payments;
using SagaHub.ServiceDefaults;
using SagaHub.Shipping;

namespace SagaHub.OrdersService;

/// <summary>
/// How the Orders service is put together, in pieces a host can reuse or replace: the sagas
/// (<see cref="AddOrderSagas"/>), the demo services (<see cref="AddDemoServices"/>), the in-memory
/// transport and store (<see cref="AddInMemoryOrdersService"/>) and the HTTP pipeline (<see cref="UseOrdersService"/>).
/// The durable host keeps the sagas, the API and the pipeline and swaps the transport and the store.
/// </summary>
public static class OrdersServiceComposition
{
    /// <summary>
    /// The standalone service: order and refund sagas, the four demo services in process, MassTransit's
    /// in-memory transport, SagaHub's in-memory store (its default), and the Orders API. Nothing is durable.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddInMemoryOrdersService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        builder.Services.AddMassTransit(x =>
        {
            x.AddSagaHub(hub => hub.AddOrderSagas(configuration));
            x.AddDemoServices(configuration);
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        builder.Services.AddOrdersApi(configuration);
        return builder;
    }

    /// <summary>
    /// The Orders service as a process of the distributed demo: order and refund sagas kept by the EF Core
    /// store (<c>SagaHub:Store</c>: provider, connection string, schema), the transport from configuration
    /// (<c>Bus</c>, <c>RabbitMq</c>), and the Orders API. The other services run as their own processes.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddDurableOrdersService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddMassTransit(x =>
        {
            x.AddSagaHub(hub => hub
                .AddOrderSagas(configuration)
                .UseEntityFrameworkStore(store => configuration.GetSection(SagaStoreOptions.SectionName).Bind(store)));
            x.UsingConfiguredTransport(configuration);
        });
        if (FaultInjectionOptions.FromConfiguration(configuration) is { CrashAfterCommits: not null } faults)
        {
            builder.Services.AddSingleton(faults);
            builder.Services.AddSingleton<ISagaObserver, CrashAfterCommitObserver>();
        }

        if (BusOptions.FromConfiguration(configuration).Transport == BusTransport.RabbitMq)
        {
            builder.Services.AddOrdersDeadLetters(configuration);
        }

        builder.Services.AddOrdersApi(configuration);
        return builder;
    }

    /// <summary>
    /// Serves the dead-letter queues at <c>/sagahub/dead-letters</c>: the sagas' <c>_error</c> and <c>_skipped</c> queues and
    /// those of the four services, on the broker and virtual host of <c>RabbitMq</c>, as the same user. Keys of
    /// <c>SagaHubManagement:RabbitMq</c> override each (another user for the operators, say).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddOrdersDeadLetters(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var rabbit = SagaHub.ServiceDefaults.RabbitMqTransportOptions.FromConfiguration(configuration);

        // Registered before AddSagaHubRabbitMqDeadLetters binds its section, so what that section says wins.
        services.AddOptions<RabbitMqDeadLetterOptions>().Configure(o =>
        {
            (o.Host, o.Port, o.VirtualHost, o.UserName, o.Password) = (rabbit.Host, rabbit.Port, rabbit.VirtualHost, rabbit.Username, rabbit.Password);
            foreach (var queue in new[] { Queues.Inventory, Queues.Payments, Queues.Shipping, Queues.Notifications })
            {
                o.Queues.Add(queue);
            }
        });
        return services.AddSagaHubRabbitMqDeadLetters();
    }

    /// <summary>
    /// Registers <see cref="OrderSaga"/> and <see cref="RefundSaga"/> with options from the <c>OrderSaga</c>,
    /// <c>RefundSaga</c> and <c>SagaHub</c> sections, and the two definitions as singletons (the API reads their names).
    /// </summary>
    /// <param name="hub">The SagaHub builder (inside <c>AddSagaHub</c>).</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The same builder.</returns>
    public static SagaHubBuilder AddOrderSagas(this SagaHubBuilder hub, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(configuration);
        var orders = new OrderSaga(configuration.GetSection(OrderSagaOptions.SectionName).Get<OrderSagaOptions>() ?? new OrderSagaOptions());
        var refunds = new RefundSaga(configuration.GetSection(RefundSagaOptions.SectionName).Get<RefundSagaOptions>() ?? new RefundSagaOptions());
        hub.AddSaga(orders).AddSaga(refunds);
        hub.Services.Configure<SagaHubOptions>(configuration.GetSection(SagaHubOptions.SectionName));
        hub.Services.AddSingleton(orders);
        hub.Services.AddSingleton(refunds);
        return hub;
    }

    /// <summary>Adds the inventory, payments, shipping and notifications services, each bound from its own section.</summary>
    /// <param name="bus">The bus (inside <c>AddMassTransit</c>).</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The same bus.</returns>
    public static IBusRegistrationConfigurator AddDemoServices(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(configuration);
        bus.Configure<InventoryOptions>(configuration.GetSection(InventoryOptions.SectionName));
        bus.Configure<PaymentsOptions>(configuration.GetSection(PaymentsOptions.SectionName));
        bus.Configure<ShippingOptions>(configuration.GetSection(ShippingOptions.SectionName));
        bus.Configure<NotificationsOptions>(configuration.GetSection(NotificationsOptions.SectionName));
        bus.AddInventoryService();
        bus.AddPaymentsService();
        bus.AddShippingService();
        bus.AddNotificationsService();
        return bus;
    }

    /// <summary>The HTTP pipeline: problem details for every error, then the Orders API endpoints.</summary>
    /// <param name="app">The built application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication UseOrdersService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseOrdersApiProblemDetails();
        app.MapOrdersApi();
        return app;
    }
}
