using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SagaHub;
using SagaHub.Benchmarks.Host;
using SagaHub.Benchmarks.Peers;
using SagaHub.EntityFrameworkCore;
using SagaHub.Orders;
using SagaHub.ServiceDefaults;

// The order-flow host the benchmark measures, one of four ways (Bench:Mode):
//   SagaHubDurable  SagaHub's OrderSaga on the EF Core store (PostgreSQL: inbox, outbox, history)
//   SagaHubMemory   SagaHub's OrderSaga on the in-memory store (the engine and runtime without a database)
//   MassTransit     MassTransit's own state machine with its in-memory saga repository
//   HandRolled      plain consumers updating a status column with Npgsql
// Bench:ConnectionString is the database of the durable and hand-rolled modes; the transport comes
// from the RabbitMq section as for every SagaHub service. The runner starts it once per host process.
var builder = SagaHubServiceHost.CreateBuilder(args, "bench-host");
var settings = HostSettings.FromConfiguration(builder.Configuration);
builder.Services.AddMassTransit(x =>
{
    switch (settings.Mode)
    {
        case HostMode.SagaHubDurable:
            x.AddSagaHub(hub => hub
                .AddSaga(new OrderSaga(), Endpoint(settings))
                .UseEntityFrameworkStore(store =>
                {
                    store.UsePostgreSql(settings.ConnectionString);
                    store.Schema = "orders";
                }));
            break;
        case HostMode.SagaHubMemory:
            x.AddSagaHub(hub => hub.AddSaga(new OrderSaga(), Endpoint(settings)));
            break;
        case HostMode.MassTransit:
            x.AddMassTransitOrderStateMachine();
            break;
        case HostMode.HandRolled:
            x.AddHandRolledOrders(settings.ConnectionString);
            break;
    }

    x.UsingConfiguredTransport(builder.Configuration);
});

if (settings.Mode == HostMode.HandRolled)
{
    await HandRolledSchema.EnsureAsync(settings.ConnectionString).ConfigureAwait(false);
}

using var host = builder.Build();
await host.RunAsync().ConfigureAwait(false);

static Action<SagaEndpointOptions> Endpoint(HostSettings settings) => endpoint =>
{
    if (settings.ConcurrentMessageLimit is { } limit)
    {
        endpoint.ConcurrentMessageLimit = limit;
    }
};
