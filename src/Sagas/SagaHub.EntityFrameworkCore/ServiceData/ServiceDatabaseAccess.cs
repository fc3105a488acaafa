using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Helpers for code that changes a service's data outside a consumer (queries, seeding, admin calls).</summary>
public static class ServiceDatabaseAccess
{
    /// <summary>
    /// Runs <paramref name="work"/> on a fresh <typeparamref name="TDbContext"/> once its schema is migrated, in one
    /// transaction that commits after a <c>SaveChanges</c>.
    /// </summary>
    /// <remarks><paramref name="work"/> adds and changes entities, and may call <see cref="ServiceLocks.LockAsync"/>.</remarks>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="scopes">Creates the scope the context lives in.</param>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What the work returned.</returns>
    public static async Task<T> WriteAsync<TDbContext, T>(this IServiceScopeFactory scopes, Func<TDbContext, Task<T>> work, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(work);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = await OpenAsync<TDbContext>(scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await work(db).ConfigureAwait(false);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <summary>Runs a query on a fresh <typeparamref name="TDbContext"/> once its schema is migrated.</summary>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <typeparam name="T">What the query returns.</typeparam>
    /// <param name="scopes">Creates the scope the context lives in.</param>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>What the query returned.</returns>
    public static async Task<T> ReadAsync<TDbContext, T>(this IServiceScopeFactory scopes, Func<TDbContext, Task<T>> query, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(query);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = await OpenAsync<TDbContext>(scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
            return await query(db).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a failed save broke a primary key or unique constraint (PostgreSQL or SQLite).</summary>
    /// <param name="exception">The exception <c>SaveChanges</c> threw.</param>
    /// <returns>True for a unique violation.</returns>
    public static bool IsUniqueViolation(DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return DatabaseErrors.IsUniqueViolation(exception);
    }

    private static async Task<TDbContext> OpenAsync<TDbContext>(IServiceProvider services, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        foreach (var gate in services.GetServices<SchemaGate<TDbContext>>())
        {
            await gate.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }

        return services.GetRequiredService<TDbContext>();
    }
}
