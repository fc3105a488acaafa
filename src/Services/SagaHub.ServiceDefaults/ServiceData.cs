using SagaHub.EntityFrameworkCore;

namespace SagaHub.ServiceDefaults;

/// <summary>
/// What a service declares about its data, for <see cref="ServiceDataExtensions.AddServiceData"/>: the section its
/// options are bound from, its context's schema, its schema scripts, the rules its own settings must meet and what to
/// do after a migration.
/// </summary>
/// <typeparam name="TOptions">The service's options.</typeparam>
/// <typeparam name="TDbContext">The service's context.</typeparam>
/// <param name="section">The options' configuration section, e.g. <c>Inventory</c>; names the keys in validation failures.</param>
/// <param name="schema">
/// The context's schema (PostgreSQL) or table prefix (SQLite), e.g. <c>inventory</c>; also the component its scripts
/// are recorded under in <c>schema_versions</c>.
/// </param>
/// <param name="scripts">The schema scripts (versions 1..n) for where the tables live.</param>
public sealed class ServiceData<TOptions, TDbContext>(string section, string schema, Func<SagaHubTables, IReadOnlyList<SchemaScript>> scripts)
    where TOptions : ServiceOptions
    where TDbContext : ServiceDbContext
{
    /// <summary>The options' configuration section, e.g. <c>Inventory</c>.</summary>
    public string Section { get; } = string.IsNullOrWhiteSpace(section) ? throw new ArgumentException("A section name is required.", nameof(section)) : section;

    /// <summary>The context's schema or table prefix, and the component of its scripts, e.g. <c>inventory</c>.</summary>
    public string Schema { get; } = string.IsNullOrWhiteSpace(schema) ? throw new ArgumentException("A schema is required.", nameof(schema)) : schema;

    /// <summary>The schema scripts for where the tables live.</summary>
    public Func<SagaHubTables, IReadOnlyList<SchemaScript>> Scripts { get; } = scripts ?? throw new ArgumentNullException(nameof(scripts));

    /// <summary>
    /// The rules of the service's own settings, checked in order before the shared ones (<c>Retry</c> set,
    /// <c>Database</c> usable); each failure is its message.
    /// </summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<(Func<TOptions, bool> Check, string Failure)> Rules { get; init; } = [];

    /// <summary>Runs on a fresh context after every successful migration (once per process), e.g. to seed reference data.</summary>
    /// <value>Defaults to <see langword="null"/>: nothing.</value>
    public Func<TDbContext, IServiceProvider, CancellationToken, Task>? AfterMigrate { get; init; }
}
