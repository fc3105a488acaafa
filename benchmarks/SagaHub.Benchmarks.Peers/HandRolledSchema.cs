using System.Text.RegularExpressions;
using Npgsql;

namespace SagaHub.Benchmarks.Peers;

/// <summary>The hand-rolled baseline's one table: <c>{schema}.orders</c>, a status column per order.</summary>
public static partial class HandRolledSchema
{
    /// <summary>The schema when none is given.</summary>
    public const string DefaultSchema = "handrolled";

    /// <summary>Creates the schema and the <c>orders</c> table unless they exist.</summary>
    /// <param name="connectionString">The PostgreSQL database.</param>
    /// <param name="schema">Lower-case letters, digits and underscores, starting with a letter or underscore.</param>
    /// <param name="ct">Cancels.</param>
    /// <returns>A task.</returns>
    public static async Task EnsureAsync(string connectionString, string schema = DefaultSchema, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Check(schema);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Ddl(schema), connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static void Check(string schema)
    {
        if (schema is null || !Identifier().IsMatch(schema))
        {
            throw new ArgumentException($"Schema '{schema}' must be lower-case letters, digits and underscores (at most 63), starting with a letter or underscore.", nameof(schema));
        }
    }

    private static string Ddl(string schema) => $"""
        CREATE SCHEMA IF NOT EXISTS "{schema}";
        CREATE TABLE IF NOT EXISTS "{schema}".orders (
            order_id uuid NOT NULL PRIMARY KEY,
            customer_id text NOT NULL,
            total numeric NOT NULL,
            lines jsonb NOT NULL,
            status text NOT NULL,
            updated_at timestamptz NOT NULL
        );
        """;

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
