using SagaHub.OrdersService;
using SagaHub.OrdersService.Api;
using SagaHub.ServiceDefaults;

// The Orders service: the order and refund sagas and the Orders HTTP API.
// Bus:Transport=RabbitMq (appsettings.json): sagas on RabbitMQ, kept in the SagaHub:Store database; the
//   inventory, payments, shipping and notifications services run as their own processes.
// Bus:Transport=InMemory (appsettings.Development.json): everything in this one process, in memory.
var builder = WebApplication.CreateBuilder(args);
builder.AddSagaHubServiceDefaults("orders");
builder.UseOrdersApiUrls();
if (BusOptions.FromConfiguration(builder.Configuration).Transport == BusTransport.InMemory)
{
    builder.AddInMemoryOrdersService();
}
else
{
    builder.AddDurableOrdersService();
}

var app = builder.Build();
app.UseOrdersService();
await app.RunAsync().ConfigureAwait(false);

/// <summary>The entry point (public so <c>WebApplicationFactory&lt;Program&gt;</c> can start the service in tests).</summary>
public partial class Program;
