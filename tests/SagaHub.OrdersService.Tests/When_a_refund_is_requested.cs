using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Payments;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

[Collection(OrdersServiceCollection.Name)]
public sealed class When_a_refund_is_requested(OrdersServiceFixture service)
{
    public static TheoryData<string, string, string> Rules => new()
    {
        { "amount missing", """{"reason":"damaged"}""", "amount" },
        { "amount zero", """{"amount":0,"reason":"damaged"}""", "amount" },
        { "amount negative", """{"amount":-5,"reason":"damaged"}""", "amount" },
        { "reason missing", """{"amount":5}""", "reason" },
        { "reason blank", """{"amount":5,"reason":"  "}""", "reason" },
        { "amount not a number", """{"amount":"lots","reason":"damaged"}""", "amount" },
        { "lines not an array", """{"amount":5,"reason":"damaged","lines":{"sku":"SKU-RED"}}""", "lines" },
        { "returned line null", """{"amount":5,"reason":"damaged","lines":[null]}""", "lines[0]" },
        { "returned sku missing", """{"amount":5,"reason":"damaged","lines":[{"quantity":1}]}""", "lines[0].sku" },
        { "returned quantity missing", """{"amount":5,"reason":"damaged","lines":[{"sku":"SKU-RED"}]}""", "lines[0].quantity" },
        { "returned quantity zero", """{"amount":5,"reason":"damaged","lines":[{"sku":"SKU-RED","quantity":1},{"sku":"SKU-RED","quantity":0}]}""", "lines[1].quantity" },
        { "returned quantity negative", """{"amount":5,"reason":"damaged","lines":[{"sku":"SKU-RED","quantity":-2}]}""", "lines[0].quantity" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Should_answer_400_naming_the_field_to_an_invalid_refund(string rule, string body, string field)
    {
        using var response = await service.PostJsonAsync($"/orders/{Guid.NewGuid()}/refunds", body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field, because: rule);
    }

    [Fact]
    public async Task Should_answer_413_to_a_body_over_the_limit()
    {
        var orderId = await service.CompletedOrderAsync();

        using var response = await service.PostJsonAsync($"/orders/{orderId}/refunds", $$"""{"amount":1.00,"reason":"{{new string('x', 70 * 1024)}}"}""");

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Should_answer_404_to_a_refund_of_an_unknown_order()
    {
        using var response = await service.PostJsonAsync($"/orders/{Guid.NewGuid()}/refunds", """{"amount":5,"reason":"damaged"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_answer_400_to_a_refund_above_the_order_total()
    {
        var orderId = await service.CompletedOrderAsync("SKU-RED", quantity: 2, unitPrice: 10.00m);

        using var response = await service.PostJsonAsync($"/orders/{orderId}/refunds", """{"amount":20.01,"reason":"damaged"}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "amount");
        Assert.Contains("20.00", problem.GetProperty("errors").GetProperty("amount")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_409_to_a_refund_of_an_order_that_did_not_complete()
    {
        var orderId = await service.SubmitOrderAsync("SKU-RARE", quantity: 1);
        await service.WaitForStateAsync($"/orders/{orderId}", "Rejected");

        using var response = await service.PostJsonAsync($"/orders/{orderId}/refunds", """{"amount":5,"reason":"damaged"}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("Rejected", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_approve_a_small_refund_automatically_and_pay_it_back()
    {
        var orderId = await service.CompletedOrderAsync("SKU-GREEN", quantity: 4, unitPrice: 10.00m);

        using var response = await service.PostJsonAsync($"/orders/{orderId}/refunds", """{"amount":15.00,"reason":"one arrived broken","lines":[{"sku":"SKU-GREEN","quantity":1}]}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var refundId = (await ReadJsonAsync(response)).GetProperty("refundId").GetGuid();
        Assert.Equal($"/refunds/{refundId}", response.Headers.Location?.OriginalString);
        var refund = await service.WaitForStateAsync($"/refunds/{refundId}", "Refunded");
        Assert.Equal(orderId, refund.GetProperty("orderId").GetGuid());
        Assert.Equal(15.00m, refund.GetProperty("amount").GetDecimal());
        Assert.Equal("auto", refund.GetProperty("approvedBy").GetString());
        Assert.Equal("one arrived broken", refund.GetProperty("requestReason").GetString());
        Assert.Equal(Customer, refund.GetProperty("customerId").GetString());
        Assert.Equal("SKU-GREEN", Assert.Single(refund.GetProperty("lines").EnumerateArray()).GetProperty("sku").GetString());
        Assert.Equal(25.00m, await service.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
    }

    [Fact]
    public async Task Should_hold_a_large_refund_for_the_finance_manager_and_pay_it_back_once_approved()
    {
        var orderId = await service.CompletedOrderAsync("SKU-BLUE", quantity: 5, unitPrice: 50.00m);
        var refundId = await service.RequestRefundAsync(orderId, 200.00m);

        var waiting = await service.WaitForStateAsync($"/refunds/{refundId}", "AwaitingApproval");
        var openTask = waiting.GetProperty("openTask");
        Assert.Equal("finance-manager", openTask.GetProperty("assignee").GetString());

        var task = await OpenTaskForAsync(refundId);
        Assert.Equal(openTask.GetProperty("taskId").GetGuid(), task.GetProperty("taskId").GetGuid());
        Assert.Equal(("RefundSaga", "Approve refund", "AwaitingApproval", "finance-director", "Open", false), (
            task.GetProperty("sagaType").GetString(),
            task.GetProperty("name").GetString(),
            task.GetProperty("state").GetString(),
            task.GetProperty("escalateTo").GetString(),
            task.GetProperty("status").GetString(),
            task.GetProperty("escalated").GetBoolean()));
        Assert.True(task.GetProperty("dueAt").GetDateTimeOffset() > task.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("expiresAt").ValueKind);
        var taskId = task.GetProperty("taskId").GetGuid();

        using (var approve = await service.PostJsonAsync($"/tasks/{taskId}/approve", """{"by":"alice","comment":"ok"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
            Assert.Equal($"/refunds/{refundId}", approve.Headers.Location?.OriginalString);
            var accepted = await ReadJsonAsync(approve);
            Assert.Equal(("Approved", refundId), (accepted.GetProperty("decision").GetString(), accepted.GetProperty("sagaId").GetGuid()));
        }

        var refund = await service.WaitForStateAsync($"/refunds/{refundId}", "Refunded");
        Assert.Equal("alice", refund.GetProperty("approvedBy").GetString());
        Assert.Equal(JsonValueKind.Null, refund.GetProperty("openTask").ValueKind);
        Assert.Contains(refund.GetProperty("history").EnumerateArray(), h => h.GetProperty("trigger").GetString() == "Approved");
        Assert.Equal(50.00m, await service.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
        Assert.DoesNotContain((await service.GetJsonAsync("/tasks")).EnumerateArray(), t => t.GetProperty("taskId").GetGuid() == taskId);

        using var again = await service.PostJsonAsync($"/tasks/{taskId}/approve", """{"by":"bob"}""");
        var problem = await AssertProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Contains("Approved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_not_pay_back_a_large_refund_the_finance_manager_rejected()
    {
        var orderId = await service.CompletedOrderAsync("SKU-BLUE", quantity: 4, unitPrice: 50.00m);
        var refundId = await service.RequestRefundAsync(orderId, 150.00m);
        await service.WaitForStateAsync($"/refunds/{refundId}", "AwaitingApproval");
        var taskId = (await OpenTaskForAsync(refundId)).GetProperty("taskId").GetGuid();

        using (var reject = await service.PostJsonAsync($"/tasks/{taskId}/reject", """{"by":"bob","comment":"used item"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, reject.StatusCode);
            Assert.Equal("Rejected", (await ReadJsonAsync(reject)).GetProperty("decision").GetString());
        }

        var refund = await service.WaitForStateAsync($"/refunds/{refundId}", "Rejected");
        Assert.Equal("rejected by bob", refund.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, refund.GetProperty("approvedBy").ValueKind);
        Assert.Equal(200.00m, await service.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));

        using var approveLate = await service.PostJsonAsync($"/tasks/{taskId}/approve", """{"by":"alice"}""");
        await AssertProblemAsync(approveLate, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Should_answer_400_naming_the_line_to_a_refund_returning_a_SKU_that_is_not_a_line_of_the_order()
    {
        var orderId = await service.CompletedOrderAsync("SKU-RED", quantity: 2, unitPrice: 10.00m);

        using var response = await service.PostJsonAsync($"/orders/{orderId}/refunds", """{"amount":5,"reason":"damaged","lines":[{"sku":"SKU-RED","quantity":1},{"sku":"SKU-BLUE","quantity":1}]}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "lines[1].sku");
        var message = problem.GetProperty("errors").GetProperty("lines[1].sku")[0].GetString();
        Assert.Equal($"SKU 'SKU-BLUE' is not a line of order {orderId}; its SKUs: SKU-RED.", message);
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task Should_answer_400_naming_the_line_to_a_refund_returning_more_than_was_ordered_of_a_SKU()
    {
        var orderId = await service.CompletedOrderAsync("SKU-RED", quantity: 2, unitPrice: 10.00m);

        // 1 + 2 of the 2 ordered: the second line is the one too many.
        using var response = await service.PostJsonAsync($"/orders/{orderId}/refunds", """{"amount":5,"reason":"damaged","lines":[{"sku":"SKU-RED","quantity":1},{"sku":"SKU-RED","quantity":2}]}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "lines[1].quantity");
        var message = problem.GetProperty("errors").GetProperty("lines[1].quantity")[0].GetString();
        Assert.Equal("The quantity returned of SKU-RED, 2 after 1 on the lines before it, is more than the 2 ordered.", message);
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task Should_report_both_for_a_refund_above_the_total_returning_too_much()
    {
        var orderId = await service.CompletedOrderAsync("SKU-RED", quantity: 2, unitPrice: 10.00m);

        using var response = await service.PostJsonAsync($"/orders/{orderId}/refunds", """{"amount":25,"reason":"damaged","lines":[{"sku":"SKU-RED","quantity":3}]}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "amount");
        Assert.Equal(
            "The quantity returned of SKU-RED, 3, is more than the 2 ordered.",
            problem.GetProperty("errors").GetProperty("lines[0].quantity")[0].GetString());
    }

    [Fact]
    public async Task Should_restock_only_the_returned_lines()
    {
        var orderId = await CompletedOrderOfTwoLinesAsync();

        using var response = await service.PostJsonAsync($"/orders/{orderId}/refunds", """{"amount":30.00,"reason":"one too many","lines":[{"sku":"SKU-BLUE","quantity":1}]}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var refundId = (await ReadJsonAsync(response)).GetProperty("refundId").GetGuid();
        var refund = await service.WaitForStateAsync($"/refunds/{refundId}", "Refunded");
        var line = Assert.Single(refund.GetProperty("lines").EnumerateArray()); // not the order's two lines
        Assert.Equal(("SKU-BLUE", 1, 30.00m), (line.GetProperty("sku").GetString(), line.GetProperty("quantity").GetInt32(), line.GetProperty("unitPrice").GetDecimal()));
        Assert.Equal(
            ["Refunding", "Restocking", "Refunded"],
            refund.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "Transition").Select(h => h.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Should_complete_without_restocking_when_no_lines_are_returned()
    {
        var orderId = await CompletedOrderOfTwoLinesAsync();

        var refundId = await service.RequestRefundAsync(orderId, 10.00m);

        var refund = await service.WaitForStateAsync($"/refunds/{refundId}", "Refunded");
        Assert.Empty(refund.GetProperty("lines").EnumerateArray());
        Assert.Equal(
            ["Refunding", "Refunded"],
            refund.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "Transition").Select(h => h.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Should_show_the_payments_reason_for_a_refused_payback_in_the_refund_and_its_history()
    {
        // 20.00 charged, 15.00 paid back: a second 15.00 is more than the 5.00 left, and payments refuses it.
        var orderId = await service.CompletedOrderAsync("SKU-RED", quantity: 2, unitPrice: 10.00m);
        await service.WaitForStateAsync($"/refunds/{await service.RequestRefundAsync(orderId, 15.00m)}", "Refunded");
        var refundId = await service.RequestRefundAsync(orderId, 15.00m);

        var refund = await service.WaitForStateAsync($"/refunds/{refundId}", "NeedsAttention");

        var cause = $"A refund of 15.00 for order {orderId} is more than the 5";
        Assert.StartsWith("payback failed: " + cause, refund.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var row = Assert.Single(refund.GetProperty("history").EnumerateArray(), h => h.GetProperty("to").GetString() == "NeedsAttention");
        Assert.Equal(("Transition", "Fault<IssueRefund>"), (row.GetProperty("kind").GetString(), row.GetProperty("trigger").GetString()));
        Assert.StartsWith("fault: " + cause, row.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>An order of 2 SKU-RED at 10.00 and 1 SKU-BLUE at 30.00, completed.</summary>
    private async Task<Guid> CompletedOrderOfTwoLinesAsync()
    {
        using var submitted = await service.PostJsonAsync("/orders", $$"""{"customerId":"{{Customer}}","lines":[{"sku":"SKU-RED","quantity":2,"unitPrice":10.00},{"sku":"SKU-BLUE","quantity":1,"unitPrice":30.00}]}""");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var orderId = (await ReadJsonAsync(submitted)).GetProperty("orderId").GetGuid();
        await service.WaitForStateAsync($"/orders/{orderId}", "Completed");
        return orderId;
    }

    private async Task<JsonElement> OpenTaskForAsync(Guid refundId)
    {
        var tasks = await service.GetJsonAsync("/tasks?assignee=finance-manager");
        Assert.Equal(JsonValueKind.Array, tasks.ValueKind);
        return Assert.Single(tasks.EnumerateArray(), t => t.GetProperty("sagaId").GetGuid() == refundId);
    }
}
