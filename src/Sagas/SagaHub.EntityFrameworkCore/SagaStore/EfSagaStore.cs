using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// The durable <see cref="ISagaStore"/> on EF Core, for PostgreSQL and SQLite: a handled message is one unit of work
/// (<see cref="BeginAsync"/>) on one connection in one database transaction.
/// </summary>
/// <remarks>
/// <see cref="MarkDispatchedAsync"/> only queues the ids; dispose the store to delete what still waits. The schema is
/// created or upgraded before the first operation unless <see cref="SagaStoreOptions.MigrateOnStart"/> is off.
/// </remarks>
public sealed partial class EfSagaStore : ISagaStore, IAsyncDisposable, IDisposable
{
    private readonly SagaStoreOptions options;
    private readonly SagaHubTables tables;
    private readonly Microsoft.EntityFrameworkCore.DbContextOptions<SagaStoreDbContext> contextOptions;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim migrateGate = new(1, 1);
    private readonly ILogger logger;
    private readonly SagaMetrics metrics;
    private readonly SagaMetrics? ownMetrics;
    private volatile bool ready;
    private volatile bool disposed;

    /// <summary>Creates the store.</summary>
    /// <param name="options">Provider, connection string and schema.</param>
    /// <param name="time">The clock that stamps inbox rows.</param>
    /// <param name="logger">Where failed background deletes of dispatched outbox rows and parked outbox rows are reported.</param>
    /// <param name="metrics">Where parked outbox rows are counted (the host's, from <c>AddSagaHub</c>); null for instruments of the store's own, on the same meter.</param>
    /// <exception cref="SagaConfigurationException">The options are invalid.</exception>
    public EfSagaStore(SagaStoreOptions options, TimeProvider? time = null, ILogger<EfSagaStore>? logger = null, SagaMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        ownMetrics = metrics is null ? new SagaMetrics() : null;
        this.metrics = metrics ?? ownMetrics!;
        tables = new SagaHubTables(options.Provider, options.Schema);
        contextOptions = SagaStoreContextFactory.BuildOptions(options);
        ready = !options.MigrateOnStart;
        Dispatched = new DispatchedOutbox(DeleteOutboxRowsAsync, (ex, count) => LogDeleteFailed(this.logger, ex, count), options.OutboxDeleteDelay, options.OutboxDeleteThreshold);
    }

    /// <summary>Where the tables live.</summary>
    public SagaHubTables Tables => tables;

    /// <summary>How many dispatched outbox rows wait for their delete (for tests and diagnostics).</summary>
    public int PendingOutboxDeletes => Dispatched.PendingCount;

    internal DispatchedOutbox Dispatched { get; }

    internal DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The store for logs: provider, host, database and schema (never the password).</summary>
    public override string ToString() => SagaStoreSchema.Describe(options);

    /// <summary>Creates or upgrades the schema now (otherwise done before the first operation).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await migrateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var context = NewContext();
            await SchemaMigrator.MigrateAsync(context, tables, SagaStoreSchema.Component, SagaStoreSchema.Scripts(tables), cancellationToken).ConfigureAwait(false);
            ready = true;
        }
        finally
        {
            migrateGate.Release();
        }
    }

    /// <summary>
    /// The host's start-up check: the schema created or upgraded (<see cref="SagaStoreOptions.MigrateOnStart"/>), or
    /// else one connection opened, so that the bus consumes only once the store can take its messages.
    /// </summary>
    internal async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (options.MigrateOnStart)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var context = NewContext();
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await context.Database.CloseConnectionAsync().ConfigureAwait(false);
    }

    /// <summary>Deletes inbox rows received before <paramref name="before"/>, in batches.</summary>
    /// <param name="before">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> DeleteInboxBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await context.Inbox.Where(i => i.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the outbox rows whose delete still waits, then releases the store.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await Dispatched.DisposeAsync().ConfigureAwait(false);
        ownMetrics?.Dispose();
    }

    /// <summary>Deletes the outbox rows whose delete still waits (blocking), then releases the store.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal SagaStoreDbContext NewContext() => new(contextOptions, tables);

    /// <summary>One statement, its own (implicit) transaction: the background and final deletes of dispatched rows.</summary>
    private async Task DeleteOutboxRowsAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await context.Outbox.Where(o => ids.Contains(o.MessageId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Could not delete {Count} dispatched outbox rows; they stay queued (the outbox sweep re-sends them with their message ids if they are lost)")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, int count);

    private async ValueTask<SagaStoreDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        if (!ready)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        return NewContext();
    }
}
