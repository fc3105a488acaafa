using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Refunds;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Orders;
using SagaHub.Services.Tests.Infrastructure;
using SagaHub.Payments;
using SagaHub.Shipping;
using SagaHub.Testing;

namespace SagaHub.Orders.Tests;

/// <summary>Which demo services a harness runs; a missing one never answers, so its step times out.</summary>
[Flags]
internal enum DemoServices
{
    None = 0,
    Inventory = 1,
    Payments = 2,
    Shipping = 4,
    Notifications = 8,
    All = Inventory | Payments | Shipping | Notifications,
}

/// <summary>The order and refund sagas with the four demo services, in memory, with fast retries.</summary>
internal static class DemoHarness
{
    public const string DeclinedCustomer = "cust-declined";
    public const string FailingPaymentCustomer = "cust-payment-down";
    public const string ShippingFailsCustomer = "cust-unshippable";
    public const string Customer = "cust-1";

    public static async Task<SagaTestHarness> StartAsync(RefundSagaOptions? refunds = null, OrderSagaOptions? orders = null, DemoServices services = DemoServices.All)
    {
        // The services keep their data in SQLite: pay the first-use cost before the harness's idle clock runs.
        await ServiceWarmup.EnsureAsync();
        return await StartHarnessAsync(refunds, orders, services);
    }

    private static Task<SagaTestHarness> StartHarnessAsync(RefundSagaOptions? refunds, OrderSagaOptions? orders, DemoServices services) =>
        SagaTestHarness.StartAsync(
            hub => hub.AddSaga(new OrderSaga(orders ?? new OrderSagaOptions())).AddSaga(new RefundSaga(refunds ?? new RefundSagaOptions())),
            bus =>
            {
                if (services.HasFlag(DemoServices.Inventory))
                {
                    bus.AddInventoryService(o => o.Retry = Fast());
                }

                if (services.HasFlag(DemoServices.Payments))
                {
                    bus.AddPaymentsService(o =>
                    {
                        o.Retry = Fast();
                        o.DeclineCustomers.Add(DeclinedCustomer);
                        o.FailCustomers.Add(FailingPaymentCustomer);
                    });
                }

                if (services.HasFlag(DemoServices.Shipping))
                {
                    bus.AddShippingService(o =>
                    {
                        o.Retry = Fast();
                        o.FailCustomers.Add(ShippingFailsCustomer);
                    });
                }

                if (services.HasFlag(DemoServices.Notifications))
                {
                    bus.AddNotificationsService(o => o.Retry = Fast());
                }
            },
            s =>
            {
                s.AddSingleton<LogCapture>();
                s.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<LogCapture>());
            });

    /// <summary>A harness where one or more services are not running (their commands are never answered).</summary>
    public static Task<SagaTestHarness> StartWithoutAsync(DemoServices missing, OrderSagaOptions? orders = null, RefundSagaOptions? refunds = null) =>
        StartAsync(refunds, orders, DemoServices.All & ~missing);

    public static OrderSubmitted Order(Guid orderId, string customer = Customer, string sku = "SKU-RED", int quantity = 2, decimal unitPrice = 10.00m) =>
        new(orderId, customer, [new OrderLine(sku, quantity, unitPrice)]);

    /// <summary>A refund of <paramref name="amount"/> with the <paramref name="returned"/> lines sent back (none by default).</summary>
    public static RefundRequested Refund(Guid refundId, Guid orderId, decimal amount, string customer = Customer, params OrderLine[] returned) =>
        new(refundId, orderId, customer, amount, "damaged", returned);

    /// <summary>A refund of <paramref name="amount"/> with one unit of SKU-RED sent back.</summary>
    public static RefundRequested RefundReturningOne(Guid refundId, Guid orderId, decimal amount) =>
        Refund(refundId, orderId, amount, Customer, new OrderLine("SKU-RED", 1, amount));

    /// <summary>
    /// Records a captured charge for <paramref name="orderId"/> in the payments ledger, as a completed order
    /// leaves it: the ledger refuses to pay back more than an order was charged.
    /// </summary>
    public static Task ChargedAsync(this SagaTestHarness harness, Guid orderId, decimal amount) =>
        harness.Services.GetRequiredService<PaymentLedger>().ChargeAsync(orderId, amount, OrderData.ChargeKey(orderId));

    /// <summary>Waits until <paramref name="count"/> messages matching the filter were consumed (consumer finished).</summary>
    public static async Task<int> ConsumedAsync<T>(this SagaTestHarness harness, Func<T, bool> filter, int count = 1)
        where T : class
    {
        using var timeout = new CancellationTokenSource(harness.WaitTimeout);
        var seen = 0;
        try
        {
            await foreach (var _ in harness.Bus.Consumed.SelectAsync<T>(m => filter(m.Context.Message), timeout.Token))
            {
                if (++seen == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // reported below with the count seen
        }

        return seen == count
            ? seen
            : throw new SagaAssertionException($"{seen} of {count} {typeof(T).Name} message(s) matching the filter were consumed within {harness.WaitTimeout}");
    }

    /// <summary>Waits until the saga's inbox skipped a redelivery of <paramref name="messageId"/> as already handled.</summary>
    public static Task DuplicateSkippedAsync(this SagaTestHarness harness, Guid messageId) =>
        harness.Services.GetRequiredService<LogCapture>().WaitAsync(
            e => e.Category == "SagaHub.SagaRuntime" && e.EventId == 4 && Equals(e.Values.GetValueOrDefault("MessageId"), messageId),
            harness.WaitTimeout,
            $"'message {messageId} was already handled'");

    /// <summary>How many messages of <typeparamref name="T"/> matching the filter were sent so far.</summary>
    public static int SentCount<T>(this SagaTestHarness harness, Func<T, bool> filter)
        where T : class =>
        harness.Bus.Sent.Select<T>(m => filter(m.Context.Message)).Count();

    private static RetryOptions Fast() => new() { RetryLimit = 2, MinInterval = TimeSpan.FromMilliseconds(1), MaxInterval = TimeSpan.FromMilliseconds(5), IntervalDelta = TimeSpan.FromMilliseconds(1) };
}
