using System.Text.Json;
using Npgsql;
using RabbitMQ.Client;
using SagaHub.Faults.BadInput;

namespace SagaHub.Faults;

/// <summary>
/// The bad-input scenario's fault: once 40% of the orders were accepted and one has completed, every bad message
/// of <see cref="BadBusMessages"/> goes to the order saga's queue and every bad request of <see cref="BadHttpRequests"/>
/// to the API; after the drain, <see cref="AccountAsync"/> finds each where it must have ended.
/// </summary>
internal sealed class BadInputScenario(FaultInfrastructure infra, string database)
{
    private IReadOnlyList<SentBadMessage> sent = [];
    private IReadOnlyList<BadInputOutcome> answered = [];

    public async Task InjectAsync(FaultContext context)
    {
        var (orderId, total) = await CompletedOrderAsync(context.InFlight, context.CancellationToken);
        await using (var connection = await ConnectAsync(context.CancellationToken))
        {
            sent = await BadBusMessages.SendAllAsync(connection, orderId, context.CancellationToken);
        }

        using var api = new HttpClient { BaseAddress = context.Cluster.Apis[0], Timeout = TimeSpan.FromSeconds(15) };
        api.DefaultRequestHeaders.Add("X-Api-Key", Cluster.ApiKey);
        answered = await BadHttpRequests.SendAllAsync(api, orderId, total, context.CancellationToken);
        context.Say($"  sent {sent.Count} bad messages to {BadBusMessages.Queue} and {answered.Count} bad requests to the API");
    }

    /// <summary>Every bad input with where it ended; the bus ones are taken out of the error and skipped queues.</summary>
    public async Task<IReadOnlyList<BadInputOutcome>> AccountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var db = NpgsqlDataSource.Create(database);
        var bus = await BadBusMessages.AccountAsync(connection, db, "orders", sent, cancellationToken);

        // Other messages it saw in those queues are left there; DeadLetters accounts for every dead letter but these.
        return [.. bus.Where(o => sent.Any(s => s.Case == o.Case)), .. answered];
    }

    private Task<IConnection> ConnectAsync(CancellationToken cancellationToken) => new ConnectionFactory
    {
        HostName = "127.0.0.1",
        VirtualHost = FaultInfrastructure.VirtualHost,
        UserName = infra.RmqUser,
        Password = infra.RmqPassword,
    }.CreateConnectionAsync(cancellationToken);

    /// <summary>Waits (bounded) until one of the given orders has completed; returns it and its total.</summary>
    private async Task<(Guid OrderId, decimal Total)> CompletedOrderAsync(IReadOnlyList<Guid> orders, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        await using var db = NpgsqlDataSource.Create(database);
        while (true)
        {
            await using var command = db.CreateCommand("SELECT saga_id, data::text FROM orders.sagas WHERE saga_type = 'OrderSaga' AND state = 'Completed' AND saga_id = ANY(@ids) LIMIT 1");
            command.Parameters.AddWithValue("ids", orders.ToArray());
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            if (await reader.ReadAsync(timeout.Token))
            {
                using var data = JsonDocument.Parse(reader.GetString(1));
                return (reader.GetGuid(0), data.RootElement.GetProperty("total").GetDecimal());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), timeout.Token);
        }
    }
}
