using System.Net;
using SagaHub.OrdersService.Api;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// <c>GET /metrics</c> on a running Orders service (real sockets, the standalone composition): Prometheus text with SagaHub's,
/// MassTransit's and ASP.NET Core's metrics once an order went through; behind the API key like the operator endpoints.
/// Other hosts of this test run share the process's static meters (MassTransit's, the runtime's), so values are checked
/// as at least what this host did, never as exact counts.
/// </summary>
public sealed class When_the_metrics_are_scraped
{
    private const string Key = "metrics-key-0123456789";

    [Fact]
    public async Task Should_serve_the_saga_bus_and_http_metrics_of_a_handled_order_in_prometheus_format()
    {
        await using var service = await RunningOrdersService.StartAsync([]);
        await service.CompletedOrderAsync();

        using var response = await service.Client.GetAsync(new Uri(OrdersApi.MetricsPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var scrape = PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
        var saga = ("saga", "OrderSaga");
        AssertAtLeast(scrape, 1, "sagahub_sagas_started_total", saga);
        AssertAtLeast(scrape, 1, "sagahub_sagas_finished_total", saga, ("state", "Completed"));
        AssertAtLeast(scrape, 4, "sagahub_transitions_total", saga); // one order: started, reserved, charged, shipped
        AssertAtLeast(scrape, 1, "messaging_masstransit_consume_ea_total", ("messaging_masstransit_message_type", "OrderSubmitted"), ("messaging_masstransit_service", "orders"));
        AssertAtLeast(scrape, 1, "messaging_masstransit_consume_ea_total", ("messaging_masstransit_message_type", "ReserveStock"), ("messaging_masstransit_destination", "inventory"));
        AssertAtLeast(scrape, 1, "http_server_request_duration_seconds_count", ("http_route", "/orders/"), ("http_request_method", "POST"), ("http_response_status_code", "202"));
        var target = Assert.Single(scrape.Named("target_info"));
        Assert.Equal("orders", target.Labels["service_name"]);
        Assert.Equal("sagahub", target.Labels["service_namespace"]);
    }

    [Fact]
    public async Task Should_need_the_api_key_when_one_is_configured()
    {
        await using var service = await RunningOrdersService.StartAsync([$"OrdersApi:ApiKey={Key}"]);

        using (var missing = await ScrapeAsync(service, key: null))
        {
            await AssertProblemAsync(missing, HttpStatusCode.Unauthorized);
            Assert.Equal("ApiKey", Assert.Single(missing.Headers.WwwAuthenticate).Scheme);
        }

        using (var wrong = await ScrapeAsync(service, key: "not-the-key-0123456789"))
        {
            await AssertProblemAsync(wrong, HttpStatusCode.Forbidden);
        }

        using var keyed = await ScrapeAsync(service, Key);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.NotEmpty(PrometheusScrape.Parse(await keyed.Content.ReadAsStringAsync()).Named("target_info"));
    }

    [Fact]
    public async Task Should_answer_without_the_key_when_metrics_are_opened_and_keep_the_operator_endpoints_closed()
    {
        await using var service = await RunningOrdersService.StartAsync([$"OrdersApi:ApiKey={Key}", "OrdersApi:MetricsWithoutApiKey=true"]);

        using (var scrape = await ScrapeAsync(service, key: null))
        {
            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        }

        using var sagas = await service.Client.GetAsync(new Uri("/sagas", UriKind.Relative));
        await AssertProblemAsync(sagas, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Should_have_no_metrics_endpoint_when_metrics_are_off()
    {
        await using var service = await RunningOrdersService.StartAsync(["Telemetry:Metrics=false"]);

        using var scrape = await ScrapeAsync(service, key: null);

        await AssertProblemAsync(scrape, HttpStatusCode.NotFound);
        using var health = await service.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    internal static async Task<PrometheusScrape> ScrapeOnceAsync(RunningOrdersService service)
    {
        using var response = await service.Client.GetAsync(new Uri(OrdersApi.MetricsPath, UriKind.Relative));
        return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> ScrapeAsync(RunningOrdersService service, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(OrdersApi.MetricsPath, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add(OrdersApi.ApiKeyHeader, key);
        }

        return await service.Client.SendAsync(request);
    }

    internal static void AssertAtLeast(PrometheusScrape scrape, double least, string name, params (string Label, string Value)[] labels)
    {
        var value = scrape.Sum(name, labels);
        Assert.True(
            value >= least,
            $"{name}{{{string.Join(",", labels.Select(l => $"{l.Label}=\"{l.Value}\""))}}} is {value}, expected at least {least}; the samples of {name}:\n{string.Join("\n", scrape.Named(name))}");
    }
}
