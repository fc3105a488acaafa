using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// Runs a component's schema scripts when the host starts — before the bus, so no receive endpoint consumes before the
/// schema is there (<see cref="StartupCheckExtensions.AddStartupCheck"/>) — and in any case before the first inbox use.
/// </summary>
public static class SchemaMigrationExtensions
{
    /// <summary>
    /// Applies <paramref name="scripts"/> for <paramref name="component"/> on <typeparamref name="TDbContext"/>'s database
    /// once: when the host starts, and in any case before <see cref="TransactionalInbox{TDbContext}"/> handles a message.
    /// </summary>
    /// <typeparam name="TDbContext">The context whose connection is used.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="tables">Where <c>schema_versions</c> lives.</param>
    /// <param name="component">The scripts' owner name.</param>
    /// <param name="scripts">Versions 1..n.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSchemaMigration<TDbContext>(this IServiceCollection services, SagaHubTables tables, string component, IReadOnlyList<SchemaScript> scripts)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => new SchemaGate<TDbContext>(sp.GetRequiredService<IServiceScopeFactory>(), tables, component, scripts, afterMigrate: null, Logger(sp)));
        services.AddStartupCheck(sp => new SchemaStartupCheck<TDbContext>(sp.GetRequiredService<SchemaGate<TDbContext>>(), component));
        return services;
    }

    /// <summary>
    /// Like <see cref="AddSchemaMigration{TDbContext}(IServiceCollection, SagaHubTables, string, IReadOnlyList{SchemaScript})"/>,
    /// for a service whose tables are known only from its options: <paramref name="tables"/> is asked once, at the first run.
    /// </summary>
    /// <remarks>
    /// <paramref name="afterMigrate"/> runs after every successful migration (once per process), e.g. to seed reference
    /// data idempotently.
    /// </remarks>
    /// <typeparam name="TDbContext">The context whose connection is used.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="tables">Where the tables live, from the container (e.g. the service's options).</param>
    /// <param name="component">The scripts' owner name.</param>
    /// <param name="scripts">Versions 1..n for the given tables.</param>
    /// <param name="afterMigrate">Optional: runs on a fresh context (and its scope's services) after the scripts.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSchemaMigration<TDbContext>(
        this IServiceCollection services,
        Func<IServiceProvider, SagaHubTables> tables,
        string component,
        Func<SagaHubTables, IReadOnlyList<SchemaScript>> scripts,
        Func<TDbContext, IServiceProvider, CancellationToken, Task>? afterMigrate = null)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(scripts);
        services.AddSingleton(sp =>
        {
            var where = tables(sp);
            return new SchemaGate<TDbContext>(sp.GetRequiredService<IServiceScopeFactory>(), where, component, scripts(where), afterMigrate, Logger(sp));
        });
        services.AddStartupCheck(sp => new SchemaStartupCheck<TDbContext>(sp.GetRequiredService<SchemaGate<TDbContext>>(), component));
        return services;
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger("SagaHub.EntityFrameworkCore.SchemaMigrator") ?? NullLogger.Instance;
}
