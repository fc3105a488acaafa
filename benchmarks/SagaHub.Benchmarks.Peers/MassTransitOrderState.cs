using MassTransit;
using SagaHub.Contracts.Orders;

namespace SagaHub.Benchmarks.Peers;

/// <summary>What <see cref="MassTransitOrderStateMachine"/> keeps per order: the same data as SagaHub's <c>OrderData</c>.</summary>
public sealed class MassTransitOrderState : SagaStateMachineInstance
{
    /// <inheritdoc />
    public Guid CorrelationId { get; set; }

    /// <summary>The state's name (<c>Reserving</c>, <c>Charging</c>, ...).</summary>
    public string CurrentState { get; set; } = string.Empty;

    /// <summary>The customer.</summary>
    public string CustomerId { get; set; } = string.Empty;

    /// <summary>The ordered lines.</summary>
    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>The sum of the lines.</summary>
    public decimal Total { get; set; }

    /// <summary>The carrier's tracking number once shipped.</summary>
    public string? TrackingNumber { get; set; }

    /// <summary>Why the order was rejected or cancelled.</summary>
    public string? Reason { get; set; }

    /// <summary>Takes what the submission carries.</summary>
    /// <param name="submitted">The submission.</param>
    public void Accept(OrderSubmitted submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        CustomerId = submitted.CustomerId;
        Lines = [.. submitted.Lines];
        Total = submitted.Lines.Sum(l => l.LineTotal);
    }
}
