using SagaHub.Contracts;
using SagaHub.ServiceDefaults;

namespace SagaHub.Shipping;

/// <summary>Settings of the shipping service (configuration section <c>Shipping</c>): when the simulated carrier refuses.</summary>
public sealed class ShippingOptions : ServiceOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Shipping";

    /// <inheritdoc />
    public override string QueueName => Queues.Shipping;

    /// <summary>Customers the carrier refuses to ship to.</summary>
    /// <value>Defaults to empty.</value>
    public ISet<string> FailCustomers { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>SKUs the carrier refuses to carry; an order with any of them fails as a whole.</summary>
    /// <value>Defaults to empty.</value>
    public ISet<string> FailSkus { get; set; } = new HashSet<string>(StringComparer.Ordinal);
}
