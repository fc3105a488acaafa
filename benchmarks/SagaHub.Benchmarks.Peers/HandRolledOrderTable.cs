using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SagaHub.Contracts.Orders;

namespace SagaHub.Benchmarks.Peers;

/// <summary>
/// The hand-rolled baseline's status table <c>{schema}.orders</c> on one pooled
/// <see cref="NpgsqlDataSource"/>: every call is one autocommit statement.
/// </summary>
public sealed class HandRolledOrderTable : IDisposable, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly NpgsqlDataSource dataSource;
    private readonly string insert;
    private readonly string move;
    private readonly string moveWithLines;
    private readonly string selectStatus;

    /// <summary>Opens the pool.</summary>
    /// <param name="connectionString">The PostgreSQL database.</param>
    /// <param name="schema">The table's schema.</param>
    public HandRolledOrderTable(string connectionString, string schema = HandRolledSchema.DefaultSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        HandRolledSchema.Check(schema);
        var table = $"\"{schema}\".orders";
        insert = $"INSERT INTO {table} (order_id, customer_id, total, lines, status, updated_at) VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (order_id) DO NOTHING";
        move = $"UPDATE {table} SET status = $3, updated_at = now() WHERE order_id = $1 AND status = $2 RETURNING customer_id, total";
        moveWithLines = move + ", lines";
        selectStatus = $"SELECT status FROM {table} WHERE order_id = $1";
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Inserts a new order in <paramref name="status"/>.</summary>
    /// <param name="submitted">The submission.</param>
    /// <param name="total">The sum of its lines.</param>
    /// <param name="status">The first status.</param>
    /// <param name="ct">Cancels.</param>
    /// <returns>False when the order was there already (a redelivery).</returns>
    public async Task<bool> InsertAsync(OrderSubmitted submitted, decimal total, string status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        await using var command = dataSource.CreateCommand(insert);
        command.Parameters.Add(new NpgsqlParameter { Value = submitted.OrderId });
        command.Parameters.Add(new NpgsqlParameter { Value = submitted.CustomerId });
        command.Parameters.Add(new NpgsqlParameter { Value = total });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(submitted.Lines, Json) });
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>Moves an order from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="from">The status it must be in.</param>
    /// <param name="to">The new status.</param>
    /// <param name="withLines">Whether to read the lines back too.</param>
    /// <param name="ct">Cancels.</param>
    /// <returns>The order's customer, total and (when asked) lines; null when it is unknown or not in <paramref name="from"/>.</returns>
    public async Task<HandRolledOrder?> MoveAsync(Guid orderId, string from, string to, bool withLines, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(withLines ? moveWithLines : move);
        command.Parameters.Add(new NpgsqlParameter { Value = orderId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        var lines = withLines ? JsonSerializer.Deserialize<List<OrderLine>>(reader.GetString(2), Json) : null;
        return new HandRolledOrder(reader.GetString(0), reader.GetDecimal(1), lines ?? []);
    }

    /// <summary>Reads an order's status.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="ct">Cancels.</param>
    /// <returns>The status; null for an unknown order.</returns>
    public async Task<string?> StatusAsync(Guid orderId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(selectStatus);
        command.Parameters.Add(new NpgsqlParameter { Value = orderId });
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    /// <inheritdoc />
    public void Dispose() => dataSource.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}

/// <summary>What a status change reads back.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Total">The order's total.</param>
/// <param name="Lines">The lines, when they were asked for; empty otherwise.</param>
public sealed record HandRolledOrder(string CustomerId, decimal Total, IReadOnlyList<OrderLine> Lines);
