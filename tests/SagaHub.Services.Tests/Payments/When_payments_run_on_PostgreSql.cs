using SagaHub.Contracts;
using SagaHub.Contracts.Payments;
using SagaHub.EntityFrameworkCore;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Payments;

/// <summary>The payments service on PostgreSQL: a charge, its duplicate command, a compensation and a late charge.</summary>
[Trait("Category", "Integration")]
public sealed class When_payments_run_on_PostgreSql(PostgresDatabase postgres) : PaymentsSpec, IClassFixture<PostgresDatabase>
{
    private PaymentRefunded _refunded = null!;
    private PaymentDeclined _late = null!;

    protected override ServiceDatabaseOptions Database => postgres.Options;

    protected override async Task When()
    {
        var key = "charge-pg-" + OrderId.ToString("N");
        await ChargeAndCapture(64.25m, key);
        await Charge("alice", 64.25m, key);
        await Service.Published<PaymentCaptured>(m => m.IdempotencyKey == key, count: 2);
        await Service.Send(Queues.Payments, new RefundPayment(OrderId, 100m, "undo-pg-" + OrderId.ToString("N")));
        _refunded = await Service.Published<PaymentRefunded>(m => m.OrderId == OrderId);
        await Charge("alice", 64.25m, "late-pg-" + OrderId.ToString("N"));
        _late = await Service.Published<PaymentDeclined>(m => m.OrderId == OrderId);
    }

    [Fact]
    public async Task Should_charge_once_and_give_back_exactly_that()
    {
        Assert.Equal(64.25m, _refunded.Amount);
        Assert.Equal(0m, await Ledger.NetForAsync(OrderId));
        Assert.Equal(1, await Ledger.CountForAsync("charge-pg-" + OrderId.ToString("N")));
        Assert.Contains("cancelled", _late.Reason, StringComparison.Ordinal);
        Assert.True(await Ledger.IsVoidedAsync(OrderId));
    }
}
