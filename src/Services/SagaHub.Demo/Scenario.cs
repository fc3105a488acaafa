using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Refunds;

namespace SagaHub.Demo;

/// <summary>One saga the script starts, what starts it, and where it must end.</summary>
/// <param name="Number">The scenario's number in the script.</param>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The saga's id.</param>
/// <param name="Name">What the scenario shows.</param>
/// <param name="Expected">The final state it must reach.</param>
/// <param name="Start">The message that starts it (published).</param>
/// <param name="Approver">Who approves its human task, or null when nobody does.</param>
/// <param name="EarlierCharge">For a refund: the earlier order it pays back and what that order was charged.</param>
internal sealed record Scenario(int Number, string SagaType, Guid SagaId, string Name, string Expected, object Start, string? Approver = null, (Guid OrderId, decimal Amount)? EarlierCharge = null)
{
    public const string OrderSaga = nameof(Orders.OrderSaga);
    public const string RefundSaga = nameof(Orders.RefundSaga);

    /// <summary>The eight scenarios, each with a fresh id.</summary>
    public static IReadOnlyList<Scenario> Script() =>
    [
        Order(1, "shipped", "Completed", "cust-happy", "SKU-RED"),
        Order(2, "SKU-RARE out of stock", "Rejected", "cust-rare", "SKU-RARE"),
        Order(3, "payment declined", "Cancelled", DemoSettings.DeclinedCustomer, "SKU-BLUE"),
        Order(4, "shipping failed", "Cancelled", DemoSettings.UnshippableCustomer, "SKU-GREEN"),
        Order(5, "payment provider down", "Cancelled", DemoSettings.PaymentDownCustomer, "SKU-RED"),
        Refund(6, "40.00, auto-approved, 1 returned", "Refunded", 40.00m, returned: 1),
        Refund(7, "250.00, approved by alice, none returned", "Refunded", 250.00m) with { Approver = "alice" },
        Refund(8, "400.00, escalated, expired", "Rejected", 400.00m, returned: 2),
    ];

    private static Scenario Order(int number, string name, string expected, string customer, string sku)
    {
        var id = Guid.NewGuid();
        return new(number, OrderSaga, id, name, expected, new OrderSubmitted(id, customer, [new OrderLine(sku, 2, 10.00m)]));
    }

    private static Scenario Refund(int number, string name, string expected, decimal amount, int returned = 0)
    {
        // A refund pays back an order completed earlier: the payments ledger must hold its charge. The returned
        // units of SKU-BLUE are restocked once the payback succeeded; with none, the refund ends without a restock.
        var id = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        OrderLine[] lines = returned > 0 ? [new OrderLine("SKU-BLUE", returned, amount / returned)] : [];
        var request = new RefundRequested(id, orderId, $"cust-refund-{number}", amount, "arrived damaged", lines);
        return new(number, RefundSaga, id, name, expected, request, EarlierCharge: (orderId, amount));
    }
}
