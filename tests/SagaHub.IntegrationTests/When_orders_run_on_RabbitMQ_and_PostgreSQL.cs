using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Refunds;
using SagaHub.IntegrationTests.Infrastructure;
using SagaHub.Orders;

namespace SagaHub.IntegrationTests;

[Trait("Category", "Integration")]
public sealed class When_orders_run_on_RabbitMQ_and_PostgreSQL(OrderHostFixture fixture) : IClassFixture<OrderHostFixture>
{
    private SagaHost Host => fixture.Host;

    [Fact]
    public async Task Should_reserve_charge_and_ship_an_order()
    {
        var id = await SubmitAsync("it-happy", "SKU-RED");
        await Host.Watcher.WaitForStateAsync(id, nameof(OrderStatus.Completed));

        var history = await Host.Store.GetHistoryAsync(nameof(OrderSaga), id);
        Assert.Equal(
            ["Initial->Reserving", "Reserving->Charging", "Charging->Shipping", "Shipping->Completed"],
            history.Where(h => h.Kind == SagaHistoryKind.Transition).Select(h => $"{h.From}->{h.To}"));
    }

    [Fact]
    public async Task Should_release_the_stock_and_cancel_when_the_payment_is_declined()
    {
        var id = await SubmitAsync(OrderHostFixture.DeclinedCustomer, "SKU-BLUE");
        await Host.Watcher.WaitForStateAsync(id, nameof(OrderStatus.Cancelled));

        var history = await Host.Store.GetHistoryAsync(nameof(OrderSaga), id);
        Assert.Equal(["ReleaseStock"], Issued(history));
        Assert.Equal(["ReleaseStock"], history.Where(h => h.Kind == SagaHistoryKind.Compensated).Select(h => Command(h.Detail)));
    }

    [Fact]
    public async Task Should_refund_the_payment_then_release_the_stock_when_the_shipment_fails()
    {
        var id = await SubmitAsync(OrderHostFixture.UnshippableCustomer, "SKU-GREEN");
        await Host.Watcher.WaitForStateAsync(id, nameof(OrderStatus.Cancelled));

        var history = await Host.Store.GetHistoryAsync(nameof(OrderSaga), id);
        Assert.Equal(["RefundPayment", "ReleaseStock"], Issued(history)); // newest step undone first
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(h => h.Sequence));
    }

    [Fact]
    public async Task Should_hold_a_large_refund_for_a_person_and_pay_it_once_approved()
    {
        var orderId = await SubmitAsync("it-refund", "SKU-RED", unitPrice: 150.00m);
        await Host.Watcher.WaitForStateAsync(orderId, nameof(OrderStatus.Completed));

        var refundId = Guid.NewGuid();
        await Host.Bus.Publish(new RefundRequested(refundId, orderId, "it-refund", 250.00m, "arrived damaged", [new OrderLine("SKU-RED", 1, 150.00m)]));
        await Host.Watcher.WaitForStateAsync(refundId, nameof(RefundStatus.AwaitingApproval));

        var inbox = Host.Services.GetRequiredService<IHumanTaskInbox>();
        var task = Assert.Single(await inbox.ListOpenAsync("finance-manager"), t => t.SagaId == refundId);
        await inbox.ApproveAsync(task.TaskId, "alice");
        await Host.Watcher.WaitForStateAsync(refundId, nameof(RefundStatus.Refunded));

        var stored = await Host.Store.GetTaskAsync(task.TaskId);
        Assert.Equal(HumanTaskStatus.Approved, stored!.Status);
        Assert.Equal("alice", stored.DecidedBy);
    }

    private async Task<Guid> SubmitAsync(string customer, string sku, decimal unitPrice = 10.00m)
    {
        var id = Guid.NewGuid();
        await Host.Bus.Publish(new OrderSubmitted(id, customer, [new OrderLine(sku, 2, unitPrice)]));
        return id;
    }

    private static List<string> Issued(IReadOnlyList<SagaHistoryEntry> history) =>
        [.. history.Where(h => h.Kind == SagaHistoryKind.CompensationIssued).Select(h => Command(h.Detail))];

    private static string Command(string? detail) => detail?.Split(' ', 2)[0] ?? string.Empty;
}
