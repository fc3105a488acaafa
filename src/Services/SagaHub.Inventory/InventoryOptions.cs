using SagaHub.Contracts;
using SagaHub.ServiceDefaults;

namespace SagaHub.Inventory;

/// <summary>Settings of the inventory service (configuration section <c>Inventory</c>).</summary>
public sealed class InventoryOptions : ServiceOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Inventory";

    /// <inheritdoc />
    public override string QueueName => Queues.Inventory;

    /// <summary>
    /// Units on hand per SKU seeded into the database when the service starts: SKUs missing from the
    /// <c>stock</c> table are inserted, existing counts are never changed. SKUs missing here start at 0
    /// once a refund restocks them, and are unknown until then.
    /// </summary>
    /// <value>Defaults to 1000 each of <c>SKU-RED</c>, <c>SKU-BLUE</c> and <c>SKU-GREEN</c>, and 0 of <c>SKU-RARE</c>.</value>
    public Dictionary<string, int> InitialStock { get; } = new(StringComparer.Ordinal)
    {
        ["SKU-RED"] = 1000,
        ["SKU-BLUE"] = 1000,
        ["SKU-GREEN"] = 1000,
        ["SKU-RARE"] = 0,
    };
}
