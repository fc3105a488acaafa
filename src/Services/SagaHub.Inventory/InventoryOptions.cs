using SagaHub.Contracts;

namespace SagaHub.Inventory;

/// <summary>Settings of the inventory service (configuration section <c>Inventory</c>).</summary>
public sealed class InventoryOptions : ServiceEndpointOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Inventory";

    /// <inheritdoc />
    public override string QueueName => Queues.Inventory;

    /// <summary>Units on hand per SKU when the service starts. SKUs missing here start at 0.</summary>
    /// <value>Defaults to 1000 each of <c>SKU-RED</c>, <c>SKU-BLUE</c> and <c>SKU-GREEN</c>, and 0 of <c>SKU-RARE</c>.</value>
    public Dictionary<string, int> InitialStock { get; } = new(StringComparer.Ordinal)
    {
        ["SKU-RED"] = 1000,
        ["SKU-BLUE"] = 1000,
        ["SKU-GREEN"] = 1000,
        ["SKU-RARE"] = 0,
    };
}
