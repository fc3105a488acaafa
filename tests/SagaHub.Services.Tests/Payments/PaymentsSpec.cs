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
