using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Refunds;
using SagaHub.Inventory;
using SagaHub.Orders;
using SagaHub.Payments;

namespace SagaHub.Orders.Tests;

/// <summary>
/// Refunding pays back; only once the payback succeeded does Restocking put the returned lines back on hand, and a
/// refund with no returned lines ends without a restock. (It used to pay back and restock every line of the order at
/// once, joining both answers.)
/// </summary>
public sealed class When_a_refund_is_paid_back_then_restocked
{
    [Fact]
    public async Task Should_restock_only_the_returned_lines()
    {
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 100.00m);
        var inventory = harness.Services.GetRequiredService<InventoryStore>();
        var (red, blue) = (await inventory.OnHandAsync("SKU-RED"), await inventory.OnHandAsync("SKU-BLUE"));

        // Of an order of SKU-RED and SKU-BLUE, the customer sends back 2 SKU-BLUE, on two lines.
        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 60.00m, DemoHarness.Customer, new OrderLine("SKU-BLUE", 1, 20.00m), new OrderLine("SKU-BLUE", 1, 20.00m)));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
        refund.WentThrough(RefundStatus.Refunding, RefundStatus.Restocking, RefundStatus.Refunded)
            .Transitioned(RefundStatus.Refunding, RefundStatus.Restocking, nameof(RefundIssued))
            .Transitioned(RefundStatus.Restocking, RefundStatus.Refunded, nameof(ItemsRestocked))
            .HasGapFreeHistory();
        var restock = Assert.Single(harness.Bus.Sent.Select<RestockItems>(m => m.Context.Message.RefundId == refundId)).Context.Message;
        Assert.Equal([new OrderLine("SKU-BLUE", 1, 20.00m), new OrderLine("SKU-BLUE", 1, 20.00m)], restock.Lines);
        Assert.Equal((red, blue + 2), (await inventory.OnHandAsync("SKU-RED"), await inventory.OnHandAsync("SKU-BLUE")));
        await harness.PublishedAsync<RefundCompleted>(m => m.RefundId == refundId);
    }

    [Fact]
    public async Task Should_restock_only_after_the_payback_succeeded()
    {
        // Without payments the payback is never answered: nothing may be restocked meanwhile.
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Payments);
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.PublishAsync(DemoHarness.RefundReturningOne(refundId, orderId, 30.00m));
        await harness.SentAsync<IssueRefund>(m => m.RefundId == refundId);

        (await harness.SagaAsync<RefundSaga>(refundId)).IsIn(RefundStatus.Refunding);
        Assert.Equal(0, harness.SentCount<RestockItems>(m => m.RefundId == refundId));

        await harness.PublishAsync(new RefundIssued(refundId, orderId, 30.00m, RefundData.PaybackKey(refundId)));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
        Assert.Equal("lines returned", refund.Transitions.Single(t => t.To == nameof(RefundStatus.Restocking)).Detail);
        Assert.Equal(1, harness.SentCount<RestockItems>(m => m.RefundId == refundId));
        Assert.Equal(1001, await harness.Services.GetRequiredService<InventoryStore>().OnHandAsync("SKU-RED"));
    }

    [Fact]
    public async Task Should_complete_without_restocking_when_no_lines_are_returned()
    {
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 50.00m);
        var inventory = harness.Services.GetRequiredService<InventoryStore>();
        var red = await inventory.OnHandAsync("SKU-RED");

        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 30.00m));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
        refund.WentThrough(RefundStatus.Refunding, RefundStatus.Refunded).HasGapFreeHistory();
        Assert.Equal("otherwise", refund.Transitions[^1].Detail);
        Assert.Empty(refund.Data<RefundData>().ReturnedLines);
        Assert.Equal(0, harness.SentCount<RestockItems>(m => m.RefundId == refundId));
        Assert.Equal(red, await inventory.OnHandAsync("SKU-RED"));
        Assert.Equal(20.00m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
        await harness.PublishedAsync<RefundCompleted>(m => m.RefundId == refundId);
    }

    [Fact]
    public async Task Should_ignore_a_second_payback_while_restocking()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Inventory);
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 50.00m);
        await harness.PublishAsync(DemoHarness.RefundReturningOne(refundId, orderId, 30.00m));
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Restocking);

        var again = await harness.PublishAsync(new RefundIssued(refundId, orderId, 30.00m, RefundData.PaybackKey(refundId)));

        var refund = await harness.WaitForMessageAsync<RefundSaga>(refundId, again);
        refund.IsIn(RefundStatus.Restocking).HasHistory(SagaHistoryKind.Ignored, 1);
        Assert.Equal(20.00m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
        Assert.Equal(1, harness.SentCount<RestockItems>(m => m.RefundId == refundId)); // not sent again

        await harness.PublishAsync(new ItemsRestocked(refundId, orderId));
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
    }

    [Fact]
    public void Should_deserialize_a_request_without_returned_lines_to_none()
    {
        // As an Orders API from before returned lines publishes it: no field (and one with null).
        var refundId = Guid.NewGuid();
        var old = $$"""{"refundId":"{{refundId}}","orderId":"{{Guid.NewGuid()}}","customerId":"c-1","amount":25.00,"reason":"damaged"}""";
        var withNull = old[..^1] + ""","returnedLines":null}""";

        foreach (var json in new[] { old, withNull })
        {
            var request = System.Text.Json.JsonSerializer.Deserialize<RefundRequested>(json, MassTransit.Serialization.SystemTextJsonMessageSerializer.Options);

            Assert.NotNull(request);
            Assert.Equal((refundId, 25.00m), (request.RefundId, request.Amount));
            Assert.Empty(request.ReturnedLines);
        }
    }
}
