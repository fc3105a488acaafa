using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;
using SagaHub.OrdersService.Api;
using SagaHub.ServiceDefaults.Tests.Infrastructure;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;
using Durable = SagaHub.OrdersService.Tests.When_the_durable_orders_service_logs;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// The durable Orders service (EF Core store on PostgreSQL, RabbitMQ), started as <see cref="When_the_durable_orders_service_logs"/>
/// starts it, with <c>Telemetry:Tracing</c> on: Npgsql's metrics on <c>/metrics</c>, and one order submitted over HTTP traced
/// through RabbitMQ into the saga's store commands and on to the command it sent, all in the trace the client started
/// (its <c>traceparent</c> header). No connection string is exported, in a metric label or a span tag. Only the sagas run
/// (the other services are processes of their own), so the order stays in Reserving.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DurableOrdersServiceCollection.Name)]
public sealed class When_the_durable_orders_service_is_observed
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Should_trace_a_saga_message_through_the_bus_and_the_store_and_export_no_connection_string()
    {
        var recorder = new ActivityRecorder();
        await WithServiceAsync(recorder, async (app, client) =>
        {
            var trace = ActivityTraceId.CreateRandom();
            var orderId = await SubmitAsync(client, trace);
            await WaitUntilAsync(client, app.Services, $"/orders/{orderId}", _ => true, "the order saga's row");

            var consume = await recorder.WaitForAsync(
                a => a.TraceId == trace && a.Kind == ActivityKind.Consumer && Equals(a.GetTagItem("messaging.operation"), "process")
                    && Equals(a.GetTagItem("messaging.masstransit.consumer_type"), "SagaHub.SagaConsumer<SagaHub.Orders.OrderSaga,SagaHub.Contracts.Orders.OrderSubmitted>"),
                "the order saga's consume of OrderSubmitted in the client's trace",
                Wait);
            var command = await recorder.WaitForAsync(
                a => a.TraceId == trace && a.Source.Name == "Npgsql" && a.ParentSpanId == consume.SpanId,
                "a PostgreSQL command of the saga's unit of work, inside its consume",
                Wait);
            var reserve = await recorder.WaitForAsync(
                a => a.TraceId == trace && a.Kind == ActivityKind.Producer && Equals(a.GetTagItem("messaging.destination.name"), "inventory"),
                "the send of ReserveStock from the saga's outbox, in the same trace",
                Wait);

            Assert.Equal("postgresql", command.GetTagItem("db.system.name"));
            Assert.Equal("rabbitmq", reserve.GetTagItem("messaging.system"));
            Assert.Contains(recorder.Ended, a => a.TraceId == trace && a.Kind == ActivityKind.Server && a.DisplayName == "POST /orders/");
            var tags = recorder.Ended.SelectMany(a => a.TagObjects.Select(t => $"{a.Source.Name} {t.Key}={t.Value}")).ToList();
            Assert.DoesNotContain(tags, t => t.Contains("Host=", StringComparison.OrdinalIgnoreCase) || t.Contains("Password", StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public async Task Should_serve_npgsql_metrics_without_the_connection_string()
    {
        await WithServiceAsync(new ActivityRecorder(), async (app, client) =>
        {
            var orderId = await SubmitAsync(client, ActivityTraceId.CreateRandom());
            await WaitUntilAsync(client, app.Services, $"/orders/{orderId}", _ => true, "the order saga's row");

            var scrape = PrometheusScrape.Parse(await client.GetStringAsync(new Uri(OrdersApi.MetricsPath, UriKind.Relative)));

            var commands = scrape.Sum("db_client_operation_duration_seconds_count", ("db_system_name", "postgresql"));
            Assert.True(commands >= 1, $"no PostgreSQL command counted: {string.Join("\n", scrape.Named("db_client_operation_duration_seconds_count"))}");
            Assert.NotEmpty(scrape.Named("db_client_connection_count"));
            Assert.DoesNotContain(scrape.Samples, s => s.Labels.ContainsKey("db_client_connection_pool_name"));
            Assert.DoesNotContain("Host=", scrape.Text, StringComparison.OrdinalIgnoreCase);
        });
    }

    private static async Task WithServiceAsync(ActivityRecorder recorder, Func<WebApplication, HttpClient, Task> test)
    {
        var schema = $"orders_otel_{Guid.NewGuid():N}"[..27];
        var settings = Durable.Settings(Durable.PostgreSql, Durable.RabbitPassword, schema);
        settings["Telemetry:Tracing"] = "true";
        try
        {
            await using var app = await Durable.StartAsync(settings, new CapturingLoggerProvider(), services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(recorder)));
            using var client = app.GetTestClient();
            await test(app, client);
            await app.StopAsync();
        }
        finally
        {
            await Durable.DropSchemaAsync(schema);
        }
    }

    /// <summary>POST /orders as part of <paramref name="trace"/> (a W3C <c>traceparent</c> header, as a traced client sends it).</summary>
    private static async Task<Guid> SubmitAsync(HttpClient client, ActivityTraceId trace)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/orders", UriKind.Relative)) { Content = Json(OrderJson()) };
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("orderId").GetGuid();
    }
}
