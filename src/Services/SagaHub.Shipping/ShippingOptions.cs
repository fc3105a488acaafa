namespace SagaHub.Shipping;

/// <summary>Settings of the shipping service (configuration section <c>Shipping</c>): when the simulated carrier refuses.</summary>
public sealed class ShippingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Shipping";

    /// <summary>Customers the carrier refuses to ship to.</summary>
    /// <value>Defaults to empty.</value>
    public ISet<string> FailCustomers { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>SKUs the carrier refuses to carry; an order with any of them fails as a whole.</summary>
    /// <value>Defaults to empty.</value>
    public ISet<string> FailSkus { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Retry of the <c>shipping</c> queue's consumers.</summary>
    /// <value>Defaults to <see cref="RetryOptions"/>' defaults.</value>
    public RetryOptions Retry { get; set; } = new();
}
