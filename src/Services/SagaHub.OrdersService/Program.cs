using SagaHub.OrdersService;
using SagaHub.OrdersService.Api;

// The standalone Orders service: sagas, the four demo services and the API on the in-memory transport and store.
var builder = WebApplication.CreateBuilder(args);
builder.UseOrdersApiUrls();
builder.AddInMemoryOrdersService();

var app = builder.Build();
app.UseOrdersService();
await app.RunAsync().ConfigureAwait(false);

/// <summary>The entry point (public so <c>WebApplicationFactory&lt;Program&gt;</c> can start the service in tests).</summary>
public partial class Program;
