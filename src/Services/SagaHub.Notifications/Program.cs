using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SagaHub.Notifications;
using SagaHub.ServiceDefaults;

// The notifications service as a process: settings from appsettings.json, RabbitMq__* / Notifications__* environment
// variables and --Key=value arguments; runs until Ctrl+C or SIGTERM.
var builder = SagaHubServiceHost.CreateBuilder(args, "notifications");
builder.Services.Configure<NotificationsOptions>(builder.Configuration.GetSection(NotificationsOptions.SectionName));
builder.Services.AddMassTransit(x =>
{
    x.AddNotificationsService();
    x.UsingConfiguredTransport(builder.Configuration);
});

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);
