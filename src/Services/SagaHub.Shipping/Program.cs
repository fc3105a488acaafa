using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SagaHub.Shipping;
using SagaHub.ServiceDefaults;

// The shipping service as a process: settings from appsettings.json, RabbitMq__* / Shipping__* environment
// variables and --Key=value arguments; runs until Ctrl+C or SIGTERM.
var builder = SagaHubServiceHost.CreateBuilder(args, "shipping");
builder.Services.Configure<ShippingOptions>(builder.Configuration.GetSection(ShippingOptions.SectionName));
builder.Services.AddMassTransit(x =>
{
    x.AddShippingService();
    x.UsingConfiguredTransport(builder.Configuration);
});

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
