namespace SagaHub.Contracts.Orders;

/// <summary>One line of an order: a stock-keeping unit, how many, and the price of one.</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice)
{
    /// <summary>Quantity times unit price.</summary>
    public decimal LineTotal => Quantity * UnitPrice;
}
