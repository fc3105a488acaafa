using System.ComponentModel.DataAnnotations;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Settings of the EF Core saga store. Bound from <see cref="SectionName"/>.</summary>
public sealed class SagaStoreOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "SagaHub:Store";

    /// <summary>The database kind.</summary>
    /// <value>Defaults to <see cref="SagaStoreProvider.PostgreSql"/>.</value>
    public SagaStoreProvider Provider { get; set; } = SagaStoreProvider.PostgreSql;

    /// <summary>The connection string. Never logged: use <see cref="SagaStoreSchema.Describe"/> to mention a store.</summary>
    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The PostgreSQL schema that holds SagaHub's tables (created when missing); on SQLite, the
    /// prefix of the table names (<c>sagahub_sagas</c>, …). Letters, digits and underscores only.
    /// </summary>
    /// <value>Defaults to <c>sagahub</c>.</value>
    [RegularExpression("^[a-z_][a-z0-9_]{0,40}$", ErrorMessage = "SagaHub:Store:Schema must be lower-case letters, digits and underscores (at most 41), starting with a letter or underscore.")]
    public string Schema { get; set; } = "sagahub";

    /// <summary>
    /// Whether the store creates and upgrades its tables itself, before its first read or write (idempotent; concurrent
    /// hosts serialize on a lock).
    /// </summary>
    /// <remarks>
    /// Turn it off to run <see cref="SagaStoreSchema.MigrateAsync(SagaStoreOptions, CancellationToken)"/> as an explicit step.
    /// </remarks>
    /// <value>Defaults to true.</value>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How long inbox rows are kept. A message redelivered after this is treated as new.</summary>
    /// <value>Defaults to 7 days.</value>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the maintenance service deletes expired inbox rows.</summary>
    /// <value>Defaults to 5 minutes.</value>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the outbox rows the runtime dispatched may wait for a unit of work to delete them before the store
    /// deletes them in a transaction of its own.
    /// </summary>
    /// <remarks>Measured on the system clock, not the store's <see cref="TimeProvider"/>.</remarks>
    /// <value>Defaults to 200 ms.</value>
    public TimeSpan OutboxDeleteDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How many dispatched outbox rows one unit of work deletes at most; when more wait, the store
    /// deletes them at once in a transaction of its own.
    /// </summary>
    /// <value>Defaults to 1,000.</value>
    [Range(1, 100_000)]
    public int OutboxDeleteThreshold { get; set; } = 1_000;

    /// <summary>How long an outbox sweep holds the rows it took; other hosts' sweeps pass them over meanwhile.</summary>
    /// <remarks>
    /// A crashed host's claim runs out after this. Measured on the store's <see cref="TimeProvider"/>. Rows a dispatch
    /// failed to send are released at once.
    /// </remarks>
    /// <value>Defaults to 30 s.</value>
    public TimeSpan OutboxClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Uses PostgreSQL.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>These options.</returns>
    public SagaStoreOptions UsePostgreSql(string connectionString)
    {
        Provider = SagaStoreProvider.PostgreSql;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>Uses SQLite.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=sagas.db</c>.</param>
    /// <returns>These options.</returns>
    public SagaStoreOptions UseSqlite(string connectionString)
    {
        Provider = SagaStoreProvider.Sqlite;
        ConnectionString = connectionString;
        return this;
    }

    /// <summary>Throws a clear error for settings that cannot work.</summary>
    /// <exception cref="SagaConfigurationException">A setting is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"{SectionName}:ConnectionString is empty.");
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(Schema ?? string.Empty, "^[a-z_][a-z0-9_]{0,40}$"))
        {
            errors.Add($"{SectionName}:Schema '{Schema}' must be lower-case letters, digits and underscores (at most 41), starting with a letter or underscore.");
        }

        if (InboxRetention <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:InboxRetention must be positive.");
        }

        if (CleanupInterval <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:CleanupInterval must be positive.");
        }

        if (OutboxDeleteDelay <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:OutboxDeleteDelay must be positive.");
        }

        if (OutboxDeleteThreshold is < 1 or > 100_000)
        {
            errors.Add($"{SectionName}:OutboxDeleteThreshold must be between 1 and 100000.");
        }

        if (OutboxClaimLease <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:OutboxClaimLease must be positive.");
        }

        if (errors.Count > 0)
        {
            throw new SagaConfigurationException(string.Join(" ", errors));
        }
    }
}
