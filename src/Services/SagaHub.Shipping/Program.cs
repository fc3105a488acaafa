using SagaHub.Shipping;
using SagaHub.ServiceDefaults;

// The shipping service as a process: settings from appsettings.json, RabbitMq__* / Shipping__* environment
// variables and --Key=value arguments; runs until Ctrl+C or SIGTERM.
await SagaHubServiceHost.RunAsync<ShippingOptions>(args, "shipping", ShippingOptions.SectionName, x => x.AddShippingService()).ConfigureAwait(false);
