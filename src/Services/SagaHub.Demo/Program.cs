using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SagaHub;
using SagaHub.Demo;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Orders;
using SagaHub.Payments;
using SagaHub.Shipping;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("MassTransit.ReceiveTransport", LogLevel.None); // the scripted faults show up as saga transitions
builder.Logging.AddFilter("SagaHub.Payments", LogLevel.Error); // "provider unavailable" is scenario 5, not a problem
builder.Services.AddSingleton<DemoObserver>();
builder.Services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<DemoObserver>());
builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
builder.Services.AddMassTransit(x =>
{
    x.AddSagaHub(hub => hub
        .AddSaga(new OrderSaga(new OrderSagaOptions { StepTimeout = DemoSettings.StepTimeout }))
        .AddSaga(new RefundSaga(new RefundSagaOptions { DecisionDue = DemoSettings.DecisionDue, EscalationWindow = DemoSettings.EscalationWindow }))
        .Configure(o => o.TimerPollInterval = DemoSettings.TimerPollInterval));
    x.AddInventoryService(o => o.Retry = DemoSettings.FastRetry());
    x.AddPaymentsService(DemoSettings.ConfigurePayments);
    x.AddShippingService(DemoSettings.ConfigureShipping);
    x.AddNotificationsService(o => o.Retry = DemoSettings.FastRetry());
    x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
});

using var host = builder.Build();
await host.StartAsync().ConfigureAwait(false);
var exitCode = await ActivatorUtilities.CreateInstance<DemoScript>(host.Services).RunAsync(DemoSettings.OverallTimeout).ConfigureAwait(false);
await host.StopAsync().ConfigureAwait(false);
return exitCode;
