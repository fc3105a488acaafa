using System.Net;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

[Collection(OrdersServiceCollection.Name)]
public sealed class When_the_task_endpoints_are_called(OrdersServiceFixture service)
{
    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task Should_answer_404_to_a_decision_on_an_unknown_task(string decision)
    {
        using var response = await service.PostJsonAsync($"/tasks/{Guid.NewGuid()}/{decision}", """{"by":"alice"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("approve", """{"comment":"ok"}""")]
    [InlineData("approve", """{"by":""}""")]
    [InlineData("reject", """{"by":"   "}""")]
    public async Task Should_answer_400_to_a_decision_without_who_decides(string decision, string body)
    {
        using var response = await service.PostJsonAsync($"/tasks/{Guid.NewGuid()}/{decision}", body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "by");
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task Should_answer_413_to_a_decision_body_over_the_limit(string decision)
    {
        using var response = await service.PostJsonAsync($"/tasks/{Guid.NewGuid()}/{decision}", $$"""{"by":"alice","comment":"{{new string('x', 70 * 1024)}}"}""");

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Should_answer_one_202_and_one_409_to_two_concurrent_approvals_of_one_task()
    {
        var orderId = await service.CompletedOrderAsync("SKU-BLUE", quantity: 5, unitPrice: 50.00m);
        var refundId = await service.RequestRefundAsync(orderId, 200.00m);
        var waiting = await service.WaitForStateAsync($"/refunds/{refundId}", "AwaitingApproval");
        var taskId = waiting.GetProperty("openTask").GetProperty("taskId").GetGuid();

        var responses = await Task.WhenAll(
            service.PostJsonAsync($"/tasks/{taskId}/approve", """{"by":"alice"}"""),
            service.PostJsonAsync($"/tasks/{taskId}/approve", """{"by":"bob"}"""));
        try
        {
            Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var problem = await AssertProblemAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
            Assert.Contains("Approved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // Only the accepted decision reached the saga: no second HumanTaskCompleted was turned down.
        var refund = await service.WaitForStateAsync($"/refunds/{refundId}", "Refunded");
        var history = refund.GetProperty("history").EnumerateArray().ToList();
        Assert.Single(history, h => h.GetProperty("trigger").GetString() == "Approved");
        Assert.DoesNotContain(history, h => h.GetProperty("trigger").GetString() == nameof(HumanTaskCompleted));
    }

    [Fact]
    public async Task Should_list_no_tasks_for_nobody_in_particular()
    {
        var tasks = await service.GetJsonAsync("/tasks?assignee=nobody-has-this-role");

        Assert.Equal(0, tasks.GetArrayLength());
    }
}
