using SagaHub.Contracts;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Shipping;

/// <summary>Settings of the shipping service (configuration section <c>Shipping</c>): when the simulated carrier refuses.</summary>
public sealed class ShippingOptions : ServiceEndpointOptions
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

    /// <summary>
    /// The service's database (section <c>Shipping:Database</c>): its tables live in the
    /// <c>shipping</c> schema (PostgreSQL) or with the <c>shipping_</c> prefix (SQLite).
    /// </summary>
    /// <value>Defaults to SQLite in a temp file per service instance.</value>
    public ServiceDatabaseOptions Database { get; set; } = new();
}
