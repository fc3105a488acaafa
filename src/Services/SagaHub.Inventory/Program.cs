using SagaHub.Inventory;
using SagaHub.ServiceDefaults;

// The inventory service as a process: settings from appsettings.json, RabbitMq__* / Inventory__* environment
// variables and --Key=value arguments; runs until Ctrl+C or SIGTERM.
await SagaHubServiceHost.RunAsync<InventoryOptions>(args, "inventory", InventoryOptions.SectionName, x => x.AddInventoryService()).ConfigureAwait(false);
