namespace SagaHub.EntityFrameworkCore;

/// <summary>One versioned schema change: applied once, in version order, recorded in <c>schema_versions</c>.</summary>
/// <param name="Version">1, 2, 3, … per component.</param>
/// <param name="Description">What it does (stored with the version).</param>
/// <param name="Sql">The statements (idempotent where the database allows: <c>IF NOT EXISTS</c>).</param>
public sealed record SchemaScript(int Version, string Description, string Sql);
