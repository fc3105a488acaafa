// The README's testing snippets, run as tests. ReadmeTests checks that the README shows exactly these lines.
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Refunds;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Payments;
using SagaHub.Shipping;
using SagaHub.Testing;

namespace SagaHub.Orders.Tests.Readme;

public sealed class ReadmeTestingSnippets
{
    private readonly Guid orderId = Guid.NewGuid();
    private readonly Guid refundId = Guid.NewGuid();
    private readonly OrderLine[] lines = [new("SKU-RED", 1, 250m)];

    [Fact]
    public void Readme_PureTestSnippet_Runs()
    {
// begin-snippet: pure-test
var saga = new OrderSaga();
var order = saga.NewInstance(orderId);
saga.Fire(order, new OrderSubmitted(orderId, "c-1", lines));
var result = saga.Fire(order, new StockReserved(orderId));
Assert.Equal("Charging", result.To);
Assert.Equal("payments", result.Outgoing.Single().Destination); // ChargePayment
Assert.Equal(typeof(ReleaseStock).FullName, order.Compensations.Single().MessageType);
// end-snippet
    }

    [Fact]
    public async Task Readme_HarnessTestSnippet_Runs()
    {
// begin-snippet: harness-test
await using var harness = await SagaTestHarness.StartAsync(
    hub => hub.AddSaga<OrderSaga>().AddSaga<RefundSaga>(),
    bus => bus.AddInventoryService().AddPaymentsService().AddShippingService().AddNotificationsService());
await harness.PublishAsync(new RefundRequested(refundId, orderId, "c-1", 250m, "damaged", lines));
await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.AwaitingApproval);
await harness.AdvanceTimeAsync(TimeSpan.FromHours(48)); // the 48 h escalation fires now
(await harness.SagaAsync<RefundSaga>(refundId))
    .IsIn(RefundStatus.AwaitingApproval)
    .HasHistory(SagaHistoryKind.TaskEscalated, 1);
// end-snippet
    }
}
