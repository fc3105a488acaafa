using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Refunds;
using SagaHub.Inventory;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

/// <summary>
/// A refund whose payback or restock fails, or is not confirmed in time, needs attention; what the service said
/// reaches the saga's reason and its history (it used to say only "payback failed").
/// </summary>
public sealed class When_a_refund_step_fails
{
    private static readonly RefundSagaOptions Options = new();

    [Fact]
    public async Task Should_restock_nothing_when_the_payback_failed()
    {
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 50.00m);

        await harness.PublishAsync(DemoHarness.RefundReturningOne(refundId, orderId, 80.00m));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.NeedsAttention);
        refund.WentThrough(RefundStatus.Refunding, RefundStatus.NeedsAttention);
        Assert.Equal(0, harness.SentCount<RestockItems>(m => m.RefundId == refundId));
        Assert.Equal(1000, await harness.Services.GetRequiredService<InventoryStore>().OnHandAsync("SKU-RED"));
    }

    [Fact]
    public async Task Should_put_the_payments_reason_for_a_refused_payback_on_the_saga_and_its_history()
    {
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 50.00m);

        await harness.PublishAsync(DemoHarness.RefundReturningOne(refundId, orderId, 80.00m));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.NeedsAttention);
        var fault = await harness.PublishedAsync<Fault<IssueRefund>>(m => m.Message.RefundId == refundId);
        var cause = fault.Exceptions[0].Message; // what the payments service said
        Assert.StartsWith($"A refund of 80.00 for order {orderId} is more than the 50", cause, StringComparison.Ordinal);
        Assert.Equal("payback failed: " + cause, refund.Data<RefundData>().Reason);
        var row = refund.Transitions.Single(t => t.To == nameof(RefundStatus.NeedsAttention));
        Assert.Equal(("Refunding", "Fault<IssueRefund>", "fault: " + cause), (row.From, row.Trigger, row.Detail));
        var alert = await harness.PublishedAsync<RefundNeedsAttention>(m => m.RefundId == refundId);
        Assert.Equal("payback failed: " + cause, alert.Reason);
    }

    [Fact]
    public async Task Should_put_the_inventorys_reason_for_a_refused_restock_on_the_saga_and_its_history()
    {
        // Inventory refuses a line it cannot put back (the API never sends one; a bus message can).
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 50.00m);

        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 30.00m, DemoHarness.Customer, new OrderLine("SKU-RED", -1, 30.00m)));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.NeedsAttention);
        refund.WentThrough(RefundStatus.Refunding, RefundStatus.Restocking, RefundStatus.NeedsAttention);
        var reason = refund.Data<RefundData>().Reason;
        Assert.StartsWith("restock failed: ", reason, StringComparison.Ordinal);
        Assert.Contains("the quantity of SKU-RED must be positive, was -1", reason, StringComparison.Ordinal);
        var row = refund.Transitions.Single(t => t.To == nameof(RefundStatus.NeedsAttention));
        Assert.Equal("Fault<RestockItems>", row.Trigger);
        Assert.Contains("the quantity of SKU-RED must be positive, was -1", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_need_attention_and_restock_nothing_when_the_payback_is_not_confirmed_in_time()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Payments, refunds: Options);
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.PublishAsync(DemoHarness.RefundReturningOne(refundId, orderId, 30.00m));
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunding);

        Assert.Equal(1, await harness.AdvanceTimeAsync(Options.StepTimeout));

        var refund = await harness.SagaAsync<RefundSaga>(refundId);
        refund.IsIn(RefundStatus.NeedsAttention).Transitioned(RefundStatus.Refunding, RefundStatus.NeedsAttention, "Timeout");
        Assert.Equal("payback not confirmed in time", refund.Data<RefundData>().Reason);
        Assert.Equal(0, harness.SentCount<RestockItems>(m => m.RefundId == refundId));
    }

    [Fact]
    public async Task Should_need_attention_when_the_restock_is_not_confirmed_in_time()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Inventory, refunds: Options);
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 50.00m);
        await harness.PublishAsync(DemoHarness.RefundReturningOne(refundId, orderId, 30.00m));
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Restocking);

        Assert.Equal(1, await harness.AdvanceTimeAsync(Options.StepTimeout));

        var refund = await harness.SagaAsync<RefundSaga>(refundId);
        refund.IsIn(RefundStatus.NeedsAttention).Transitioned(RefundStatus.Restocking, RefundStatus.NeedsAttention, "Timeout");
        Assert.Equal("restock not confirmed in time", refund.Data<RefundData>().Reason);
    }
}
