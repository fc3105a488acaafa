using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Named locks that serialize transactions of a service's database.</summary>
public static class ServiceLocks
{
    /// <summary>Holds the lock <paramref name="name"/> until the current transaction ends.</summary>
    /// <remarks>
    /// On PostgreSQL a transaction-scoped advisory lock; on SQLite nothing, since a transaction there begins
    /// <c>IMMEDIATE</c> and holds the database's only write lock already.
    /// </remarks>
    /// <param name="db">A context inside a transaction.</param>
    /// <param name="name">The lock's name, e.g. <c>payments-order:{id}</c>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the lock is held.</returns>
    /// <exception cref="InvalidOperationException">No transaction is open on <paramref name="db"/>.</exception>
    public static async Task LockAsync(DbContext db, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"The lock '{name}' is held until the transaction ends; open one first.");
        }

        if (db.Database.IsNpgsql())
        {
            var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("sagahub-lock:" + name)), 0);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken).ConfigureAwait(false);
        }
    }
}
