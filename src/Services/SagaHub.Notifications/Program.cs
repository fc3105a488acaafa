using SagaHub.Notifications;
using SagaHub.ServiceDefaults;

// The notifications service as a process: settings from appsettings.json, RabbitMq__* / Notifications__* environment
// variables and --Key=value arguments; runs until Ctrl+C or SIGTERM.
await SagaHubServiceHost.RunAsync<NotificationsOptions>(args, "notifications", NotificationsOptions.SectionName, x => x.AddNotificationsService()).ConfigureAwait(false);
