namespace SagaHub.Management;

/// <summary>The body of an action request.</summary>
internal sealed record ActionRequest(string? Kind, string? State, DateTimeOffset? DueAt, string? By, string? Reason, long? ExpectedVersion, Guid? ActionId, bool DryRun, string? Assignee = null);

/// <summary>The body of a task reassignment.</summary>
internal sealed record ReassignRequest(string? Assignee, string? By, string? Reason, bool DryRun);

/// <summary>The body of a batch request: the list's filter as name/value pairs, the action, and a cap.</summary>
internal sealed record BatchRequest(Dictionary<string, string>? Filter, ActionRequest? Action, bool DryRun, int? Cap, Guid? BatchId);

/// <summary>The body of a task decision.</summary>
internal sealed record DecisionRequest(string? By, string? Comment);
