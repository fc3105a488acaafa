using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SagaHub.Inventory;
using SagaHub.ServiceDefaults;

// The inventory service as a process: settings from appsettings.json, RabbitMq__* / Inventory__* environment
// variables and --Key=value arguments; runs until Ctrl+C or SIGTERM.
var builder = SagaHubServiceHost.CreateBuilder(args, "inventory");
builder.Services.Configure<InventoryOptions>(builder.Configuration.GetSection(InventoryOptions.SectionName));
builder.Services.AddMassTransit(x =>
{
    x.AddInventoryService();
    x.UsingConfiguredTransport(builder.Configuration);
});

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
