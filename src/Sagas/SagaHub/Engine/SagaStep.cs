namespace SagaHub;

/// <summary>One fired message: the result and the snapshot to save (null when nothing is saved).</summary>
internal sealed record SagaStep(FireResult Result, SagaSnapshot? Snapshot);
