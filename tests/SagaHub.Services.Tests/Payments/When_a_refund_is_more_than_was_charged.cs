using MassTransit;
using SagaHub.Contracts;
using SagaHub.Contracts.Payments;
using SagaHub.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_a_refund_is_more_than_was_charged : PaymentsSpec
{
    private Fault<IssueRefund> _fault = null!;

    protected override async Task When()
    {
        await ChargeAndCapture(20m, "charge-20");
        await Service.Send(Queues.Payments, new IssueRefund(Guid.NewGuid(), OrderId, 25m, "issue-25"));
        _fault = await Service.Published<Fault<IssueRefund>>(m => m.Message.OrderId == OrderId);
    }

    [Fact]
    public void Should_fault_with_a_ledger_conflict() =>
        Assert.Equal(typeof(LedgerConflictException).FullName, Assert.Single(_fault.Exceptions).ExceptionType);

    [Fact]
    public async Task Should_record_no_refund() => Assert.Equal(20m, await Ledger.NetForAsync(OrderId));
}
