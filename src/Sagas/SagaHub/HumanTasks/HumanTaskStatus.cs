namespace SagaHub;

/// <summary>Where a human task stands.</summary>
public enum HumanTaskStatus
{
    /// <summary>Waiting for a decision.</summary>
    Open,

    /// <summary>Approved by a person.</summary>
    Approved,

    /// <summary>Rejected by a person.</summary>
    Rejected,

    /// <summary>Nobody decided before its final expiry.</summary>
    Expired,

    /// <summary>The saga left the state some other way.</summary>
    Cancelled,
}
