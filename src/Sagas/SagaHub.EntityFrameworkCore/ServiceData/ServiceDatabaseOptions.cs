namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// Where a service keeps its data (bound from e.g. <c>Inventory:Database</c>). Every service has its
/// own schema (PostgreSQL) or table prefix (SQLite) holding its tables, its inbox and its outbox.
/// </summary>
public sealed class ServiceDatabaseOptions
{
    /// <summary>The database kind.</summary>
    /// <value>Defaults to <see cref="SagaStoreProvider.Sqlite"/> (the embedded case).</value>
    public SagaStoreProvider Provider { get; set; } = SagaStoreProvider.Sqlite;

    /// <summary>The connection string; never logged. Required for PostgreSQL.</summary>
    /// <remarks>
    /// Left empty with SQLite, every service instance (every DI container) gets its own database file in the temp
    /// directory, <c>sagahub-{schema}-{guid}.db</c>, deleted when the container is disposed.
    /// </remarks>
    public string? ConnectionString { get; set; }

    /// <summary>The problem with these settings, or null when they can work.</summary>
    /// <param name="section">The configuration section, for the message (e.g. <c>Inventory:Database</c>).</param>
    /// <returns>An error message or null.</returns>
    public string? Problem(string section) =>
        Provider switch
        {
            SagaStoreProvider.PostgreSql when string.IsNullOrWhiteSpace(ConnectionString) => $"{section}:ConnectionString is required with Provider PostgreSql.",
            SagaStoreProvider.PostgreSql or SagaStoreProvider.Sqlite => null,
            _ => $"{section}:Provider '{Provider}' is not PostgreSql or Sqlite.",
        };
}
