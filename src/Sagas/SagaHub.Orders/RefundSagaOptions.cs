namespace SagaHub.Orders;

/// <summary>Approval rules and time limits of the refund saga. Bound from <see cref="SectionName"/>.</summary>
public sealed class RefundSagaOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "RefundSaga";

    /// <summary>Refunds up to this amount are approved at once; above it a person decides.</summary>
    /// <value>Defaults to 100.00.</value>
    public decimal AutoApproveLimit { get; set; } = 100.00m;

    /// <summary>The role that approves refunds above the limit.</summary>
    /// <value>Defaults to <c>finance-manager</c>.</value>
    public string Approver { get; set; } = "finance-manager";

    /// <summary>How long the approver has.</summary>
    /// <value>Defaults to 48 hours.</value>
    public TimeSpan DecisionDue { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Who gets the task when it is past due.</summary>
    /// <value>Defaults to <c>finance-director</c>.</value>
    public string EscalateTo { get; set; } = "finance-director";

    /// <summary>How long the escalation target has before the refund is rejected automatically.</summary>
    /// <value>Defaults to 24 hours.</value>
    public TimeSpan EscalationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the payback, and then the restock, may each take before the refund needs attention.</summary>
    /// <value>Defaults to 10 minutes.</value>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
