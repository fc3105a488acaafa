using System.Text.Json;
using SagaHub.Orders;

namespace SagaHub.OrdersService.Api;

/// <summary>
/// The sagas the API shows, named by the definitions the host registered (not by literals), with their
/// state names for validating <c>GET /sagas</c> filters, and how to read their JSON data.
/// </summary>
internal sealed class OrdersApiSagas
{

    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, (string Name, string[] States, string Path)> byName;

    public OrdersApiSagas(OrderSaga orders, RefundSaga refunds)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(refunds);
        Order = orders.Name;
        Refund = refunds.Name;
        byName = new(StringComparer.OrdinalIgnoreCase)
        {
            [Order] = (Order, Enum.GetNames<OrderStatus>(), "/orders/"),
            [Refund] = (Refund, Enum.GetNames<RefundStatus>(), "/refunds/"),
        };
    }

    /// <summary>The order saga's name (its store key).</summary>
    public string Order { get; }

    /// <summary>The refund saga's name (its store key).</summary>
    public string Refund { get; }

    /// <summary>The saga names, for messages.</summary>
    public IEnumerable<string> Names => byName.Values.Select(v => v.Name);

    /// <summary>The canonical name of a saga type (matched ignoring case), or null when the API does not know it.</summary>
    public string? FindType(string name) => byName.TryGetValue(name, out var saga) ? saga.Name : null;

    /// <summary>The canonical name of a state of <paramref name="sagaType"/> (or of any known saga when null), or null.</summary>
    public string? FindState(string? sagaType, string state) =>
        byName.Values
            .Where(s => sagaType is null || s.Name == sagaType)
            .SelectMany(s => s.States)
            .FirstOrDefault(s => string.Equals(s, state, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where the API shows one saga in full, or null for a saga type it does not show.</summary>
    public string? Href(string sagaType, Guid sagaId) =>
        byName.TryGetValue(sagaType, out var saga) && saga.Name == sagaType ? saga.Path + sagaId.ToString("D") : null;

    /// <summary>Reads a saga's data (stored as JSON with System.Text.Json web defaults).</summary>
    public static T ReadData<T>(SagaSnapshot snapshot)
        where T : new() =>
        JsonSerializer.Deserialize<T>(snapshot.Data, DataJson) ?? new T();
}
