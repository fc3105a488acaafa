using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Applies one component's scripts at most once per process (concurrent callers wait for the first).</summary>
/// <typeparam name="TDbContext">The context whose connection is used.</typeparam>
public sealed partial class SchemaGate<TDbContext>
    where TDbContext : DbContext
{
    private readonly IServiceScopeFactory scopes;
    private readonly SagaHubTables tables;
    private readonly string component;
    private readonly IReadOnlyList<SchemaScript> scripts;
    private readonly Func<TDbContext, IServiceProvider, CancellationToken, Task>? afterMigrate;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool done;

    internal SchemaGate(IServiceScopeFactory scopes, SagaHubTables tables, string component, IReadOnlyList<SchemaScript> scripts, Func<TDbContext, IServiceProvider, CancellationToken, Task>? afterMigrate, ILogger logger)
    {
        this.scopes = scopes;
        this.tables = tables;
        this.component = component;
        this.scripts = scripts;
        this.afterMigrate = afterMigrate;
        this.logger = logger;
    }

    /// <summary>Migrates unless done already.</summary>
    /// <param name="cancellationToken">Cancels the wait or the run.</param>
    /// <returns>A task.</returns>
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (done)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!done)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                var applied = await SchemaMigrator.MigrateAsync(db, tables, component, scripts, cancellationToken).ConfigureAwait(false);
                if (applied.Count > 0)
                {
                    LogApplied(logger, component, string.Join(", ", applied), tables.Provider, tables.Schema);
                }

                if (afterMigrate is not null)
                {
                    db.ChangeTracker.Clear();
                    await afterMigrate(db, scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
                }

                done = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(EventId = 3220, Level = LogLevel.Information, Message = "Schema of {Component}: applied version(s) {Versions} ({Provider}, schema {Schema})")]
    private static partial void LogApplied(ILogger logger, string component, string versions, SagaStoreProvider provider, string schema);
}
