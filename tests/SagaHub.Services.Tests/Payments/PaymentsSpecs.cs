using MassTransit;
using SagaHub.Contracts;
using SagaHub.Contracts.Payments;
using SagaHub.EntityFrameworkCore;
using SagaHub.Payments;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Payments;

/// <summary>Starts the payments service with a decline limit of 500, one declined and one failing customer.</summary>
public abstract class PaymentsSpec : IAsyncLifetime
{
    protected const int RetryLimit = 2;

    protected ServiceHarness Service { get; private set; } = null!;

    protected PaymentLedger Ledger => Service.Get<PaymentLedger>();

    protected Guid OrderId { get; } = Guid.NewGuid();

    /// <summary>Where the service keeps its data; null for the default (SQLite in a temp file).</summary>
    protected virtual ServiceDatabaseOptions? Database => null;

    public async Task InitializeAsync()
    {
        Service = await ServiceHarness.Start(bus => bus.AddPaymentsService(options =>
        {
            options.Database = Database ?? options.Database;
            options.DeclineAbove = 500m;
            options.DeclineCustomers.Add("mallory");
            options.FailCustomers.Add("offline");
            options.Retry.RetryLimit = RetryLimit;
            options.Retry.MinInterval = TimeSpan.Zero;
            options.Retry.IntervalDelta = TimeSpan.FromMilliseconds(1);
            options.Retry.MaxInterval = TimeSpan.FromMilliseconds(10);
        }));
        await When();
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();

    protected abstract Task When();

    protected Task Charge(string customer, decimal amount, string key) =>
        Service.Send(Queues.Payments, new ChargePayment(OrderId, customer, amount, key));

    protected async Task ChargeAndCapture(decimal amount, string key)
    {
        await Charge("alice", amount, key);
        await Service.Published<PaymentCaptured>(m => m.IdempotencyKey == key);
    }
}

public sealed class When_a_payment_is_charged : PaymentsSpec
{
    private PaymentCaptured _captured = null!;

    protected override async Task When()
    {
        await Charge("alice", 120.50m, "charge-1");
        _captured = await Service.Published<PaymentCaptured>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_publish_PaymentCaptured() => Assert.Equal(new PaymentCaptured(OrderId, 120.50m, "charge-1"), _captured);

    [Fact]
    public async Task Should_record_one_charge_stamped_by_the_clock()
    {
        var entry = Assert.Single(await Ledger.EntriesAsync());
        Assert.Equal(new LedgerEntry(LedgerEntryKind.Charge, OrderId, null, 120.50m, "charge-1", FakeTimeProvider.Start), entry);
        Assert.Equal(120.50m, await Ledger.NetForAsync(OrderId));
    }
}

public sealed class When_a_charge_is_above_the_limit : PaymentsSpec
{
    private PaymentDeclined _declined = null!;

    protected override async Task When()
    {
        await Charge("alice", 500.01m, "charge-big");
        _declined = await Service.Published<PaymentDeclined>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_decline_naming_the_rule() => Assert.Contains("Payments:DeclineAbove", _declined.Reason, StringComparison.Ordinal);

    [Fact]
    public async Task Should_record_nothing() => Assert.Empty(await Ledger.EntriesAsync());
}

public sealed class When_a_charge_is_at_the_limit : PaymentsSpec
{
    protected override Task When() => ChargeAndCapture(500m, "charge-at-limit");

    [Fact]
    public async Task Should_capture_it() => Assert.Equal(500m, await Ledger.NetForAsync(OrderId));
}

public sealed class When_the_customer_is_on_the_decline_list : PaymentsSpec
{
    private PaymentDeclined _declined = null!;

    protected override async Task When()
    {
        await Charge("mallory", 1m, "charge-mallory");
        _declined = await Service.Published<PaymentDeclined>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_decline_naming_the_rule_and_customer()
    {
        Assert.Contains("Payments:DeclineCustomers", _declined.Reason, StringComparison.Ordinal);
        Assert.Contains("mallory", _declined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_record_nothing() => Assert.Equal(0, await Ledger.CountForAsync("charge-mallory"));
}

public sealed class When_the_same_key_is_charged_twice : PaymentsSpec
{
    private IReadOnlyList<PaymentCaptured> _captured = [];

    protected override async Task When()
    {
        await ChargeAndCapture(80m, "charge-twice");
        await Charge("alice", 80m, "charge-twice");
        _captured = await Service.Published<PaymentCaptured>(m => m.IdempotencyKey == "charge-twice", count: 2);
    }

    [Fact]
    public async Task Should_record_one_entry()
    {
        Assert.Equal(1, await Ledger.CountForAsync("charge-twice"));
        Assert.Equal(80m, await Ledger.NetForAsync(OrderId));
    }

    [Fact]
    public void Should_republish_the_same_result() => Assert.Equal(_captured[0], _captured[1]);
}

public sealed class When_the_payment_provider_stays_unavailable : PaymentsSpec
{
    private Fault<ChargePayment> _fault = null!;

    protected override async Task When()
    {
        await Charge("offline", 10m, "charge-offline");
        _fault = await Service.Published<Fault<ChargePayment>>(m => m.Message.OrderId == OrderId);
    }

    [Fact]
    public void Should_publish_a_fault_of_ChargePayment_for_the_saga() =>
        Assert.Equal(typeof(PaymentProviderUnavailableException).FullName, Assert.Single(_fault.Exceptions).ExceptionType);

    [Fact]
    public void Should_try_once_plus_the_retry_limit()
    {
        // Three consumers share the payments queue and each adds the retry; the attempts must not multiply.
        var attempts = Service.Logs.WithEventId(1202).Count(r => Equals(r.Values["OrderId"], OrderId));
        Assert.Equal(1 + RetryLimit, attempts);
    }

    [Fact]
    public async Task Should_record_nothing() => Assert.Empty(await Ledger.EntriesAsync());
}

public sealed class When_a_payment_is_refunded_twice : PaymentsSpec
{
    private IReadOnlyList<PaymentRefunded> _refunded = [];

    protected override async Task When()
    {
        await ChargeAndCapture(70m, "charge-7");
        await Service.Send(Queues.Payments, new RefundPayment(OrderId, 70m, "refund-7"));
        await Service.Send(Queues.Payments, new RefundPayment(OrderId, 70m, "refund-7"));
        _refunded = await Service.Published<PaymentRefunded>(m => m.OrderId == OrderId, count: 2);
    }

    [Fact]
    public void Should_publish_PaymentRefunded() => Assert.All(_refunded, m => Assert.Equal(new PaymentRefunded(OrderId, 70m, "refund-7"), m));

    [Fact]
    public async Task Should_give_the_money_back_once()
    {
        Assert.Equal(0m, await Ledger.NetForAsync(OrderId));
        Assert.Equal(1, await Ledger.CountForAsync("refund-7"));
        Assert.Equal([LedgerEntryKind.Charge, LedgerEntryKind.Refund], (await Ledger.EntriesAsync()).Select(e => e.Kind));
    }
}

public sealed class When_a_refund_is_issued : PaymentsSpec
{
    private readonly Guid _refundId = Guid.NewGuid();
    private RefundIssued _issued = null!;

    protected override async Task When()
    {
        await ChargeAndCapture(100m, "charge-100");
        await Service.Send(Queues.Payments, new IssueRefund(_refundId, OrderId, 30m, "issue-30"));
        _issued = await Service.Published<RefundIssued>(m => m.RefundId == _refundId);
        await Service.Send(Queues.Payments, new IssueRefund(_refundId, OrderId, 30m, "issue-30"));
        await Service.Published<RefundIssued>(m => m.RefundId == _refundId, count: 2);
    }

    [Fact]
    public void Should_publish_RefundIssued() => Assert.Equal(new RefundIssued(_refundId, OrderId, 30m, "issue-30"), _issued);

    [Fact]
    public async Task Should_pay_back_once_leaving_the_rest_charged()
    {
        Assert.Equal(70m, await Ledger.NetForAsync(OrderId));
        var refund = Assert.Single(await Ledger.EntriesAsync(), e => e.Kind == LedgerEntryKind.Refund);
        Assert.Equal(_refundId, refund.RefundId);
    }
}

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

/// <summary>An order saga timed out while charging: it compensates a charge that may or may not have happened.</summary>
public sealed class When_a_charge_is_compensated_before_it_arrives : PaymentsSpec
{
    private PaymentRefunded _refunded = null!;
    private PaymentDeclined _lateCharge = null!;

    protected override async Task When()
    {
        await Service.Send(Queues.Payments, new RefundPayment(OrderId, 80m, "refund-in-doubt"));
        _refunded = await Service.Published<PaymentRefunded>(m => m.OrderId == OrderId);
        await Charge("alice", 80m, "charge-late");
        _lateCharge = await Service.Published<PaymentDeclined>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_confirm_the_compensation_with_nothing_given_back() => Assert.Equal(0m, _refunded.Amount);

    [Fact]
    public async Task Should_decline_the_late_charge()
    {
        Assert.Contains("cancelled", _lateCharge.Reason, StringComparison.Ordinal);
        Assert.Empty(await Ledger.EntriesAsync());
        Assert.True(await Ledger.IsVoidedAsync(OrderId));
    }
}

public sealed class When_a_compensation_asks_more_than_was_charged : PaymentsSpec
{
    private PaymentRefunded _refunded = null!;

    protected override async Task When()
    {
        await ChargeAndCapture(30m, "charge-30");
        await Service.Send(Queues.Payments, new RefundPayment(OrderId, 45m, "refund-45"));
        _refunded = await Service.Published<PaymentRefunded>(m => m.OrderId == OrderId);
    }

    [Fact]
    public async Task Should_give_back_only_what_was_charged()
    {
        Assert.Equal(30m, _refunded.Amount);
        Assert.Equal(0m, await Ledger.NetForAsync(OrderId));
    }
}

public sealed class When_one_consumer_has_its_own_retry : IAsyncLifetime
{
    private readonly Guid _orderId = Guid.NewGuid();
    private ServiceHarness _service = null!;

    public async Task InitializeAsync()
    {
        _service = await ServiceHarness.Start(bus => bus.AddPaymentsService(options =>
        {
            options.FailCustomers.Add("offline");
            options.Retry.RetryLimit = 3;
            options.Retry.MinInterval = TimeSpan.Zero;
            options.Retry.IntervalDelta = TimeSpan.FromMilliseconds(1);
            options.Retry.MaxInterval = TimeSpan.FromMilliseconds(5);
            options.ConsumerRetry[nameof(ChargePaymentConsumer)] = new RetryOptions { RetryLimit = 0 };
        }));
        await _service.Send(Queues.Payments, new ChargePayment(_orderId, "offline", 10m, "charge-own-retry"));
        await _service.Published<Fault<ChargePayment>>(m => m.Message.OrderId == _orderId);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public void Should_try_the_charge_once_only()
    {
        var attempts = _service.Logs.WithEventId(1202).Count(r => Equals(r.Values["OrderId"], _orderId));
        Assert.Equal(1, attempts);
    }
}

public sealed class When_a_charge_is_redelivered : PaymentsSpec
{
    private readonly Guid _messageId = NewId.NextGuid();

    protected override async Task When()
    {
        // Both deliveries at once: one commits, the other finds the inbox row (or runs into its key).
        var command = new ChargePayment(OrderId, "alice", 42m, "charge-redelivered");
        await Task.WhenAll(
            Service.Send(Queues.Payments, command, context => context.MessageId = _messageId),
            Service.Send(Queues.Payments, command, context => context.MessageId = _messageId));
        await Service.Published<PaymentCaptured>(m => m.OrderId == OrderId);
        await Service.Logs.WaitFor(eventId: 3200, count: 1); // the inbox skipped the other delivery
    }

    [Fact]
    public async Task Should_charge_once()
    {
        Assert.Equal(1, await Ledger.CountForAsync("charge-redelivered"));
        Assert.Equal(42m, await Ledger.NetForAsync(OrderId));
    }

    [Fact]
    public void Should_publish_PaymentCaptured_once() =>
        Assert.Equal(1, Service.PublishCount<PaymentCaptured>(m => m.OrderId == OrderId));
}

public sealed class When_a_charge_has_more_than_two_decimals : PaymentsSpec
{
    private PaymentDeclined _declined = null!;

    protected override async Task When()
    {
        await Charge("alice", 10.005m, "charge-fraction");
        _declined = await Service.Published<PaymentDeclined>(m => m.OrderId == OrderId);
    }

    [Fact]
    public async Task Should_decline_it_and_record_nothing()
    {
        Assert.Contains("at most 2 decimals", _declined.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await Ledger.CountForAsync("charge-fraction"));
    }
}

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
