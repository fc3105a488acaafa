using MassTransit;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Shipping;

namespace SagaHub.Benchmarks.Tests.Peers;

/// <summary>Stand-ins for the inventory, payments and shipping services, on their queues, answering at once.</summary>
internal static class FakeServices
{
    public const string DeclinedCustomer = "c-declined";
    public const string UnshippableCustomer = "c-unshippable";
    public const string MissingSku = "SKU-NONE";

    public static IBusRegistrationConfigurator AddFakeServices(this IBusRegistrationConfigurator x)
    {
        x.AddConsumer<FakeInventory>().Endpoint(e => e.Name = Queues.Inventory);
        x.AddConsumer<FakePayments>().Endpoint(e => e.Name = Queues.Payments);
        x.AddConsumer<FakeShipping>().Endpoint(e => e.Name = Queues.Shipping);
        return x;
    }

    public static OrderSubmitted Order(Guid orderId, string customerId = "c-1", string sku = "SKU-RED") =>
        new(orderId, customerId, [new OrderLine(sku, 2, 10.00m), new OrderLine("SKU-BLUE", 1, 5.50m)]);

    private sealed class FakeInventory : IConsumer<ReserveStock>, IConsumer<ReleaseStock>
    {
        public Task Consume(ConsumeContext<ReserveStock> context) =>
            context.Message.Lines.FirstOrDefault(l => l.Sku == MissingSku) is { } missing
                ? context.Publish(new StockUnavailable(context.Message.OrderId, missing.Sku, $"{missing.Sku} is out of stock"))
                : context.Publish(new StockReserved(context.Message.OrderId));

        public Task Consume(ConsumeContext<ReleaseStock> context) => context.Publish(new StockReleased(context.Message.OrderId));
    }

    private sealed class FakePayments : IConsumer<ChargePayment>, IConsumer<RefundPayment>
    {
        public Task Consume(ConsumeContext<ChargePayment> context)
        {
            var m = context.Message;
            return m.CustomerId == DeclinedCustomer
                ? context.Publish(new PaymentDeclined(m.OrderId, "card declined"))
                : context.Publish(new PaymentCaptured(m.OrderId, m.Amount, m.IdempotencyKey));
        }

        public Task Consume(ConsumeContext<RefundPayment> context) =>
            context.Publish(new PaymentRefunded(context.Message.OrderId, context.Message.Amount, context.Message.IdempotencyKey));
    }

    private sealed class FakeShipping : IConsumer<ShipOrder>
    {
        public Task Consume(ConsumeContext<ShipOrder> context) =>
            context.Message.CustomerId == UnshippableCustomer
                ? context.Publish(new ShipmentFailed(context.Message.OrderId, "the carrier refused"))
                : context.Publish(new OrderShipped(context.Message.OrderId, $"TRK-{context.Message.OrderId:N}"));
    }
}
