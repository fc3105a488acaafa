using SagaHub.Payments;
using SagaHub.Shipping;

namespace SagaHub.Demo;

/// <summary>The demo's compressed clock and the customers the simulated services treat specially.</summary>
internal static class DemoSettings
{
    /// <summary>A customer whose charges the payment provider declines.</summary>
    public const string DeclinedCustomer = "cust-declined";

    /// <summary>A customer for whom the payment provider is down (the charge faults after its retries).</summary>
    public const string PaymentDownCustomer = "cust-payment-down";

    /// <summary>A customer the carrier does not deliver to.</summary>
    public const string UnshippableCustomer = "cust-unshippable";

    /// <summary>The role refund approval tasks are assigned to (RefundSagaOptions.Approver's default).</summary>
    public const string ApproverRole = "finance-manager";

    /// <summary>How long an order waits for each service (no scenario relies on it).</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the finance manager has before a refund is escalated.</summary>
    public static readonly TimeSpan DecisionDue = TimeSpan.FromSeconds(2);

    /// <summary>How long the finance director has before the refund is rejected.</summary>
    public static readonly TimeSpan EscalationWindow = TimeSpan.FromSeconds(1);

    /// <summary>How often the timer service looks for due deadlines.</summary>
    public static readonly TimeSpan TimerPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the whole script may take before the demo fails.</summary>
    public static readonly TimeSpan OverallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Two retries a few milliseconds apart, so a failing service faults at once.</summary>
    public static RetryOptions FastRetry() => new()
    {
        RetryLimit = 2,
        MinInterval = TimeSpan.FromMilliseconds(5),
        MaxInterval = TimeSpan.FromMilliseconds(20),
        IntervalDelta = TimeSpan.FromMilliseconds(5),
    };

    /// <summary>Fast retry; declines one customer, and makes the provider look down for another.</summary>
    public static void ConfigurePayments(PaymentsOptions options)
    {
        options.Retry = FastRetry();
        options.DeclineCustomers.Add(DeclinedCustomer);
        options.FailCustomers.Add(PaymentDownCustomer);
    }

    /// <summary>Fast retry; the carrier refuses one customer.</summary>
    public static void ConfigureShipping(ShippingOptions options)
    {
        options.Retry = FastRetry();
        options.FailCustomers.Add(UnshippableCustomer);
    }
}
