using SagaHub.Payments;
using SagaHub.ServiceDefaults;

// The payments service as a process: settings from appsettings.json, RabbitMq__* / Payments__* environment
// variables and --Key=value arguments; runs until Ctrl+C or SIGTERM.
await SagaHubServiceHost.RunAsync<PaymentsOptions>(args, "payments", PaymentsOptions.SectionName, x => x.AddPaymentsService()).ConfigureAwait(false);
