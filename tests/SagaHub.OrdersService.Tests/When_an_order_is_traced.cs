using System.Diagnostics;
using MassTransit.Logging;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// With <c>Telemetry:Tracing</c> on, one order on a running Orders service (the standalone composition: the sagas and the four
/// services in one process, on the in-memory transport) is one trace: the HTTP request that submitted it, the saga's consume of
/// <c>OrderSubmitted</c>, and the services' consumes of the commands the saga sent from its outbox. The context travels in the
/// message headers, as it does between processes on RabbitMQ. Activities of other hosts of this test run are seen too
/// (listeners are process-wide), so everything is picked by this host's port and this order's id.
/// </summary>
public sealed class When_an_order_is_traced
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Should_link_the_request_the_saga_and_the_services_in_one_trace()
    {
        var recorder = new ActivityRecorder();
        await using var service = await RunningOrdersService.StartAsync(
            ["Telemetry:Tracing=true"],
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(recorder)));

        var orderId = await service.CompletedOrderAsync();

        var port = service.BaseAddress.Port;
        var request = await recorder.WaitForAsync(
            a => a.Kind == ActivityKind.Server && a.DisplayName == "POST /orders/" && Equals(a.GetTagItem("server.port"), port),
            "the POST /orders server span",
            Wait);
        var trace = request.TraceId;
        var submitted = await recorder.WaitForAsync(
            a => a.TraceId == trace && IsConsume(a, "SagaHub.SagaConsumer<SagaHub.Orders.OrderSaga,SagaHub.Contracts.Orders.OrderSubmitted>"),
            "the order saga's consume of OrderSubmitted in the request's trace",
            Wait);
        var reserve = await recorder.WaitForAsync(
            a => IsConsume(a, "SagaHub.Inventory.ReserveStockConsumer") && Equals(a.GetTagItem("messaging.masstransit.correlation_id"), orderId.ToString()),
            "the inventory's consume of this order's ReserveStock",
            Wait);
        var shipped = await recorder.WaitForAsync(
            a => IsConsume(a, "SagaHub.SagaConsumer<SagaHub.Orders.OrderSaga,SagaHub.Contracts.Shipping.OrderShipped>") && Equals(a.GetTagItem("messaging.masstransit.correlation_id"), orderId.ToString()),
            "the order saga's consume of this order's OrderShipped",
            Wait);

        Assert.Equal(DiagnosticHeaders.DefaultListenerName, submitted.Source.Name);
        Assert.True(reserve.TraceId == trace, $"ReserveStock's consume is in another trace: {ActivityRecorder.Describe(reserve)}; the request's is {trace}");
        Assert.True(shipped.TraceId == trace, $"OrderShipped's consume is in another trace: {ActivityRecorder.Describe(shipped)}; the request's is {trace}");
        Assert.True(submitted.StartTimeUtc >= request.StartTimeUtc && reserve.StartTimeUtc >= submitted.StartTimeUtc && shipped.StartTimeUtc >= reserve.StartTimeUtc, "spans out of order");
    }

    [Fact]
    public async Task Should_trace_nothing_when_tracing_is_not_configured()
    {
        var recorder = new ActivityRecorder();
        await using var service = await RunningOrdersService.StartAsync(
            [],
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(recorder)));

        await service.CompletedOrderAsync();

        Assert.Null(service.Services.GetService<TracerProvider>());
        Assert.Empty(recorder.Ended);
    }

    private static bool IsConsume(Activity activity, string consumerType) =>
        activity.Kind == ActivityKind.Consumer
        && Equals(activity.GetTagItem("messaging.operation"), "process")
        && Equals(activity.GetTagItem("messaging.masstransit.consumer_type"), consumerType);
}
