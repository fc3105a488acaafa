// The README's code snippets, compiled. ReadmeTests checks that the README shows exactly these lines.
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Orders.Tests.Readme;

// begin-snippet: saga
public sealed class CheckoutSaga : SagaDefinition<CheckoutState, CheckoutStatus>
{
    public CheckoutSaga()
    {
        CorrelateBy(nameof(OrderSubmitted.OrderId)); // every message here, and ReleaseStock for its fault, carries the order's id
        SendTo(Queues.Inventory, typeof(ReserveStock), typeof(ReleaseStock));
        SendTo(Queues.Payments, typeof(ChargePayment));

        Initially<OrderSubmitted>()
            .Then(ctx => ctx.Data.Accept(ctx.Message))
            .GoTo(CheckoutStatus.Reserving);

        During(CheckoutStatus.Reserving)
            .OnEnter(ctx => ctx.Send(new ReserveStock(ctx.SagaId, ctx.Data.Lines)))
            .On<StockReserved>().CompensateWith(ctx => new ReleaseStock(ctx.SagaId)).GoTo(CheckoutStatus.Charging)
            .Timeout(TimeSpan.FromMinutes(2)).GoTo(CheckoutStatus.Cancelled);

        During(CheckoutStatus.Charging)
            .OnEnter(ctx => ctx.Send(new ChargePayment(ctx.SagaId, ctx.Data.CustomerId, ctx.Data.Total, $"charge-{ctx.SagaId}")))
            .On<PaymentCaptured>().If(ctx => ctx.Message.Amount == ctx.Data.Total, "full amount").GoTo(CheckoutStatus.Paid)
            .On<PaymentCaptured>().Otherwise().Compensate().GoTo(CheckoutStatus.Cancelled)
            .On<PaymentDeclined>().Compensate().GoTo(CheckoutStatus.Cancelled);

        Compensating(CheckoutStatus.Undoing)
            .Confirm<ReleaseStock, StockReleased>()
            .OnFailure(CheckoutStatus.NeedsAttention);

        Final(CheckoutStatus.Paid, CheckoutStatus.Cancelled);
        Parked(CheckoutStatus.NeedsAttention);
    }
}
// end-snippet

public enum CheckoutStatus
{
    Reserving,
    Charging,
    Undoing,
    Paid,
    Cancelled,
    NeedsAttention,
}

public sealed class CheckoutState
{
    public string CustomerId { get; set; } = string.Empty;

    public List<OrderLine> Lines { get; set; } = [];

    public decimal Total { get; set; }

    public void Accept(OrderSubmitted submitted)
    {
        CustomerId = submitted.CustomerId;
        Lines = [.. submitted.Lines];
        Total = submitted.Lines.Sum(l => l.LineTotal);
    }
}

public static class ReadmeRegistration
{
    public static IServiceCollection Register(IServiceCollection services) =>
// begin-snippet: registration
services.AddMassTransit(x =>
{
    x.AddSagaHub(hub => hub.AddSaga<CheckoutSaga>());
    x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
});
// end-snippet
}

public static class ReadmeDurableRegistration
{
    public static IServiceCollection Register(IServiceCollection services, string connectionString) =>
// begin-snippet: durable-registration
services.AddMassTransit(x =>
{
    x.AddSagaHub(hub => hub
        .AddSaga<CheckoutSaga>()
        .UseEntityFrameworkStore(store => store.UsePostgreSql(connectionString).Schema = "checkout"));
    x.UsingRabbitMq((context, cfg) =>
    {
        cfg.Host("localhost", "/", h => { h.Username("sagahub"); h.Password("sagahub"); });
        cfg.ConfigureEndpoints(context);
    });
});
// end-snippet
}
