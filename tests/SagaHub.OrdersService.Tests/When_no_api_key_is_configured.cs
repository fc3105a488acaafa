using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.OrdersService.Api;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

/// <summary>Without an API key configured (the default, and the demo's): the task and operator endpoints are open.</summary>
[Collection(OrdersServiceCollection.Name)]
public sealed class When_no_api_key_is_configured(OrdersServiceFixture service)
{
    [Theory]
    [InlineData("/tasks")]
    [InlineData("/sagas")]
    public async Task Should_answer_200_to_a_listing_without_a_key(string path)
    {
        using var response = await service.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_let_a_decision_without_a_key_reach_the_endpoint()
    {
        using var response = await service.PostJsonAsync($"/tasks/{Guid.NewGuid()}/reject", """{"by":"alice"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public void Should_have_no_key_by_default()
    {
        Assert.Null(service.Services.GetRequiredService<IOptions<OrdersApiOptions>>().Value.ApiKey);
    }

    [Theory]
    [InlineData("short-key")]
    [InlineData("k3y-0123456789a")] // 15 characters
    [InlineData(" k3y-0123456789abcdef")]
    [InlineData("k3y-0123456789abcdef\t")]
    [InlineData("")]
    public void Should_fail_the_start_naming_the_setting_when_an_invalid_key_is_set(string key)
    {
        using var factory = service.Factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?> { ["OrdersApi:ApiKey"] = key })));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(Innermost<OptionsValidationException>(error));
        Assert.Contains("OrdersApi:ApiKey", validation.Message, StringComparison.Ordinal);
        if (key.Length > 0)
        {
            Assert.DoesNotContain(key.Trim(), error.ToString(), StringComparison.Ordinal);
        }
    }

    private static Exception? Innermost<T>(Exception error)
        where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return e;
            }
        }

        return error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.FirstOrDefault(e => e is T) : null;
    }
}
