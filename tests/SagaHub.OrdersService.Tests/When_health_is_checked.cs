using System.Net;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

[Collection(OrdersServiceCollection.Name)]
public sealed class When_health_is_checked(OrdersServiceFixture service)
{
    [Fact]
    public async Task Should_answer_200_healthy_with_the_store_and_bus_checks()
    {
        using var response = await service.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var health = await ReadJsonAsync(response);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var checks = health.GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "saga-store" && c.GetProperty("status").GetString() == "Healthy");
        Assert.Contains(checks, c => c.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "masstransit"));
        Assert.All(checks, c => Assert.Contains(c.GetProperty("tags").EnumerateArray(), t => t.GetString() == "ready"));
    }
}
