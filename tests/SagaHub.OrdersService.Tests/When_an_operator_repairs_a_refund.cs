using System.Net;
using System.Text.Json;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

/// <summary>The Orders service serves SagaHub's management API at /sagahub: a parked refund is found, explained and repaired there.</summary>
[Collection(OrdersServiceCollection.Name)]
public sealed class When_an_operator_repairs_a_refund(OrdersServiceFixture service)
{
    [Fact]
    public async Task Should_find_the_parked_refund_and_end_it_by_an_audited_cancel()
    {
        // 40.00 charged; the first refund of 30.00 is paid back, the second cannot be, so it parks in NeedsAttention.
        var orderId = await service.CompletedOrderAsync("SKU-GREEN", quantity: 4, unitPrice: 10.00m);
        var first = await service.RequestRefundAsync(orderId, 30.00m);
        await service.WaitForStateAsync($"/refunds/{first}", "Refunded");
        var second = await service.RequestRefundAsync(orderId, 30.00m);
        await service.WaitForStateAsync($"/refunds/{second}", "NeedsAttention");

        var parked = await service.GetJsonAsync($"/sagahub/sagas?type=RefundSaga&parked=true&limit=500");
        var row = Assert.Single(parked.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetGuid() == second);
        Assert.True(row.GetProperty("stuck").GetBoolean());
        Assert.StartsWith("fault: A refund of 30", row.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(orderId.ToString(), row.GetProperty("search").GetProperty("orderId").GetString());

        var detail = await service.GetJsonAsync($"/sagahub/sagas/RefundSaga/{second}");
        Assert.Contains("Rejected", detail.GetProperty("actions").GetProperty("cancel").EnumerateArray().Select(s => s.GetString()));

        using var response = await service.PostJsonAsync($"/sagahub/sagas/RefundSaga/{second}/actions", """{"kind":"cancel","state":"Rejected","by":"oncall","reason":"paid back by hand"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var refund = await service.WaitForStateAsync($"/refunds/{second}", "Rejected");
        Assert.Contains(refund.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "OperatorAction"
            && h.GetProperty("detail").GetString()!.StartsWith("Cancel Rejected by oncall: paid back by hand", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_answer_409_naming_the_allowed_actions_for_a_finished_order()
    {
        var orderId = await service.CompletedOrderAsync();

        using var response = await service.PostJsonAsync($"/sagahub/sagas/OrderSaga/{orderId}/actions", """{"kind":"resume","by":"oncall","reason":"again"}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("the saga is final in Completed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, problem.GetProperty("allowed").GetProperty("resume").ValueKind);
    }
}
