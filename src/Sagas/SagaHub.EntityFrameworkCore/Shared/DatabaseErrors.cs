using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SagaHub.EntityFrameworkCore;

/// <summary>What a failed statement means, on PostgreSQL and SQLite alike (the saga store's and the services' transactions).</summary>
internal static class DatabaseErrors
{
    /// <summary>A deadlock victim or a serialization failure (<c>40P01</c>, <c>40001</c>): a conflict, re-run.</summary>
    public static bool IsSerializationFailure(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    /// <summary>A broken primary key or unique constraint (not CHECK or NOT NULL).</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 1555 or 2067, // SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE (not CHECK, NOT NULL)
        _ => false,
    };
}
