using System.Net;
using System.Text.Json;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

[Collection(OrdersServiceCollection.Name)]
public sealed class When_the_order_endpoints_are_called(OrdersServiceFixture service)
{
    [Fact]
    public async Task Should_accept_a_posted_order_then_complete_it_with_its_history()
    {
        using var response = await service.PostJsonAsync("/orders", OrderJson("SKU-BLUE", quantity: 3, unitPrice: 12.50m));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var orderId = (await ReadJsonAsync(response)).GetProperty("orderId").GetGuid();
        Assert.NotEqual(Guid.Empty, orderId);
        Assert.Equal($"/orders/{orderId}", response.Headers.Location?.OriginalString);

        var order = await service.WaitForStateAsync($"/orders/{orderId}", "Completed");
        Assert.Equal(orderId, order.GetProperty("orderId").GetGuid());
        Assert.Equal(Customer, order.GetProperty("customerId").GetString());
        Assert.Equal(37.50m, order.GetProperty("total").GetDecimal());
        Assert.True(order.GetProperty("isFinal").GetBoolean());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("openTask").ValueKind);
        Assert.StartsWith("TRK-", order.GetProperty("trackingNumber").GetString(), StringComparison.Ordinal);
        var line = Assert.Single(order.GetProperty("lines").EnumerateArray());
        Assert.Equal(("SKU-BLUE", 3, 12.50m), (line.GetProperty("sku").GetString(), line.GetProperty("quantity").GetInt32(), line.GetProperty("unitPrice").GetDecimal()));
        Assert.True(order.GetProperty("updatedAt").GetDateTimeOffset() >= order.GetProperty("createdAt").GetDateTimeOffset());

        var history = order.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(h => h.GetProperty("sequence").GetInt64()));
        var transitions = history.Where(h => h.GetProperty("kind").GetString() == "Transition").ToList();
        Assert.Equal(
            ["Initial->Reserving:OrderSubmitted", "Reserving->Charging:StockReserved", "Charging->Shipping:PaymentCaptured", "Shipping->Completed:OrderShipped"],
            transitions.Select(h => $"{h.GetProperty("from").GetString()}->{h.GetProperty("to").GetString()}:{h.GetProperty("trigger").GetString()}"));
        Assert.All(history, h => Assert.Equal(JsonValueKind.String, h.GetProperty("at").ValueKind));
    }

    [Fact]
    public async Task Should_reject_an_order_of_an_item_out_of_stock_with_its_reason()
    {
        var orderId = await service.SubmitOrderAsync("SKU-RARE", quantity: 1);

        var order = await service.WaitForStateAsync($"/orders/{orderId}", "Rejected");

        Assert.True(order.GetProperty("isFinal").GetBoolean());
        Assert.False(string.IsNullOrEmpty(order.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Should_answer_404_not_found_yet_to_an_unknown_order()
    {
        using var response = await service.Client.GetAsync(new Uri($"/orders/{Guid.NewGuid()}", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("not found (yet)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_a_404_problem_to_a_malformed_order_id_in_the_route()
    {
        using var response = await service.Client.GetAsync(new Uri("/orders/not-a-guid", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("GUID", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_404_to_an_unknown_refund()
    {
        using var response = await service.Client.GetAsync(new Uri($"/refunds/{Guid.NewGuid()}", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("not found (yet)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_a_405_problem_to_a_wrong_method()
    {
        using var response = await service.Client.DeleteAsync(new Uri("/orders", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }
}
