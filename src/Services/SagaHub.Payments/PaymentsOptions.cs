using SagaHub.Contracts;
using SagaHub.ServiceDefaults;

namespace SagaHub.Payments;

/// <summary>Settings of the payments service (configuration section <c>Payments</c>): the simulated provider's rules.</summary>
public sealed class PaymentsOptions : ServiceOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Payments";

    /// <inheritdoc />
    public override string QueueName => Queues.Payments;

    /// <summary>Charges of more than this amount are declined; <see langword="null"/> for no limit.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public decimal? DeclineAbove { get; set; }

    /// <summary>Customers whose charges are always declined.</summary>
    /// <value>Defaults to empty.</value>
    public ISet<string> DeclineCustomers { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Customers whose charges make the provider look unavailable: the charge throws
    /// <see cref="PaymentProviderUnavailableException"/>, is retried, and finally faults
    /// (MassTransit publishes <c>Fault&lt;ChargePayment&gt;</c>).
    /// </summary>
    /// <value>Defaults to empty.</value>
    public ISet<string> FailCustomers { get; set; } = new HashSet<string>(StringComparer.Ordinal);
}
