using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using SagaHub.ServiceDefaults.Tests.Infrastructure;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// The durable Orders service on RabbitMQ serves the dead-letter queues at <c>/sagahub/dead-letters</c> with no setting of its
/// own: the broker, virtual host and user of <c>RabbitMq</c>, the sagas' queues and the four services' (<c>inventory_error</c>
/// here, a queue only the inventory process consumes from); every delete is in the store's operator audit.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DurableOrdersServiceCollection.Name)]
public sealed class When_the_durable_orders_service_serves_dead_letters
{
    private const string VirtualHost = "sagahub-tests-orders";
    private const string ErrorQueue = "inventory_error";

    [Fact]
    public async Task Should_list_a_service_dead_letter_and_delete_it_with_an_audit()
    {
        var schema = $"orders_dlq_{Guid.NewGuid():N}"[..27];
        var messageId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        await using var connection = await new ConnectionFactory
        {
            HostName = Environment.GetEnvironmentVariable("SAGAHUB_TEST_RABBITMQ_HOST") ?? "127.0.0.1",
            VirtualHost = VirtualHost,
            UserName = Environment.GetEnvironmentVariable("SAGAHUB_TEST_RABBITMQ_USER") ?? "sagahub",
            Password = When_the_durable_orders_service_logs.RabbitPassword,
        }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            // What MassTransit leaves in inventory_error when ReserveStock faults in the inventory service.
            await channel.QueueDeclareAsync(ErrorQueue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueuePurgeAsync(ErrorQueue);
            var envelope = JsonSerializer.Serialize(new
            {
                messageId,
                messageType = new[] { "urn:message:SagaHub.Contracts.Inventory:ReserveStock" },
                message = new { orderId, lines = Array.Empty<object>() },
            });
            var properties = new BasicProperties
            {
                MessageId = messageId.ToString(),
                ContentType = "application/vnd.masstransit+json",
                Persistent = true,
                Headers = new Dictionary<string, object?>
                {
                    ["MT-Reason"] = "fault",
                    ["MT-Fault-ExceptionType"] = "System.InvalidOperationException",
                    ["MT-Fault-Message"] = "the stock table is locked",
                },
            };
            await channel.BasicPublishAsync(string.Empty, ErrorQueue, mandatory: true, properties, Encoding.UTF8.GetBytes(envelope));

            await using var app = await When_the_durable_orders_service_logs.StartAsync(
                When_the_durable_orders_service_logs.Settings(When_the_durable_orders_service_logs.PostgreSql, When_the_durable_orders_service_logs.RabbitPassword, schema),
                new CapturingLoggerProvider());
            using var client = app.GetTestClient();

            using var list = await client.GetAsync(new Uri($"/sagahub/dead-letters?queue={ErrorQueue}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var letter = Assert.Single((await ReadJsonAsync(list)).GetProperty("items").EnumerateArray());
            Assert.Equal(messageId.ToString(), letter.GetProperty("id").GetString());
            Assert.Equal(("inventory", "ReserveStock", "the stock table is locked"), (letter.GetProperty("sourceQueue").GetString(), letter.GetProperty("messageType").GetString(), letter.GetProperty("faultReason").GetString()));

            using var delete = await client.PostAsync(new Uri("/sagahub/dead-letters/delete", UriKind.Relative), Json($$"""{"ids":["{{messageId}}"],"by":"oncall","reason":"a test order"}"""));
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
            Assert.Equal(1, (await ReadJsonAsync(delete)).GetProperty("deleted").GetInt32());
            Assert.Equal(0u, await channel.MessageCountAsync(ErrorQueue));

            var audit = await app.Services.GetRequiredService<IOperatorAuditStore>().ListAuditAsync(new OperatorAuditQuery());
            Assert.Equal([OperatorAuditOutcome.Done, OperatorAuditOutcome.Requested], audit.Select(a => a.Outcome));
            Assert.All(audit, a => Assert.Equal(("oncall", "a test order", "dead-letters.delete"), (a.Actor, a.Reason, a.Action)));
            Assert.Contains(messageId.ToString(), audit[0].Detail, StringComparison.Ordinal);
            await app.StopAsync();
        }
        finally
        {
            await channel.QueueDeleteAsync(ErrorQueue);
            await When_the_durable_orders_service_logs.DropSchemaAsync(schema);
        }
    }
}
