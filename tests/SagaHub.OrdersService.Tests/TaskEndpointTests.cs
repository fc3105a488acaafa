using System.Net;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

[Collection(OrdersServiceCollection.Name)]
public sealed class TaskEndpointTests(OrdersServiceFixture service)
{
    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task Decision_on_an_unknown_task_is_404(string decision)
    {
        using var response = await service.PostJsonAsync($"/tasks/{Guid.NewGuid()}/{decision}", """{"by":"alice"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("approve", """{"comment":"ok"}""")]
    [InlineData("approve", """{"by":""}""")]
    [InlineData("reject", """{"by":"   "}""")]
    public async Task Decision_without_who_decides_is_400(string decision, string body)
    {
        using var response = await service.PostJsonAsync($"/tasks/{Guid.NewGuid()}/{decision}", body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "by");
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task Decision_body_over_the_limit_is_413(string decision)
    {
        using var response = await service.PostJsonAsync($"/tasks/{Guid.NewGuid()}/{decision}", $$"""{"by":"alice","comment":"{{new string('x', 70 * 1024)}}"}""");

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Tasks_of_nobody_in_particular_is_an_empty_list()
    {
        var tasks = await service.GetJsonAsync("/tasks?assignee=nobody-has-this-role");

        Assert.Equal(0, tasks.GetArrayLength());
    }
}
