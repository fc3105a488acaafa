using Microsoft.Extensions.DependencyInjection;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// The operator gauges on <c>GET /metrics</c>. A host's OpenTelemetry listens to every <c>SagaHub</c> meter in the
/// process, and another host's observable gauges of the same names, created or disposed meanwhile, can hide this
/// host's; one host per process (a real service) never meets that, so this spec runs with no other test beside it.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class When_the_operator_gauges_are_scraped
{
    [Fact]
    public async Task Should_serve_the_operator_gauges_read_from_the_store()
    {
        await using var service = await RunningOrdersService.StartAsync([], s => s.Configure<SagaHubOptions>(o => o.GaugeRefreshInterval = TimeSpan.FromMilliseconds(50)));
        await service.CompletedOrderAsync();

        // The gauges are a reading of the store, refreshed in the background: scrape until it includes the order.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var scrape = await When_the_metrics_are_scraped.ScrapeOnceAsync(service);
        while (scrape.Sum("sagahub_sagas_instances", ("saga", "OrderSaga"), ("state", "Completed")) < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            scrape = await When_the_metrics_are_scraped.ScrapeOnceAsync(service);
        }

        When_the_metrics_are_scraped.AssertAtLeast(scrape, 1, "sagahub_sagas_instances", ("saga", "OrderSaga"), ("state", "Completed"), ("kind", "final"));
        Assert.Single(scrape.Named("sagahub_outbox_backlog"));
        Assert.Contains(scrape.Named("sagahub_sagas_parked"), s => s.Labels["saga"] == "OrderSaga" && s.Value == 0);
        Assert.Contains(scrape.Named("sagahub_sagas_overdue"), s => s.Labels["saga"] == "OrderSaga");
    }
}
