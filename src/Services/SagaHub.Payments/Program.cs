using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SagaHub.Payments;
using SagaHub.ServiceDefaults;

// The payments service as a process: settings from appsettings.json, RabbitMq__* / Payments__* environment
// variables and --Key=value arguments; runs until Ctrl+C or SIGTERM.
var builder = SagaHubServiceHost.CreateBuilder(args, "payments");
builder.Services.Configure<PaymentsOptions>(builder.Configuration.GetSection(PaymentsOptions.SectionName));
builder.Services.AddMassTransit(x =>
{
    x.AddPaymentsService();
    x.UsingConfiguredTransport(builder.Configuration);
});

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
