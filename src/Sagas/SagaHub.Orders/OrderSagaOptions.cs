namespace SagaHub.Orders;

/// <summary>Timeouts of the order saga. Bound from <see cref="SectionName"/>.</summary>
public sealed class OrderSagaOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrderSaga";

    /// <summary>How long the saga waits for each service (reserve, charge, ship) before it compensates.</summary>
    /// <value>Defaults to 5 minutes.</value>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one compensation may stay unconfirmed before the order needs attention.</summary>
    /// <value>Defaults to 10 minutes.</value>
    public TimeSpan CompensationTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
