using System.Diagnostics;
using Npgsql;

namespace SagaHub.Benchmarks;

/// <summary>
/// Rows put into the saga database before a measured phase, copied from a saga the run itself completed
/// (so every column holds what SagaHub writes): finished orders with their history and inbox rows, or
/// orders waiting in Reserving with a pending timeout.
/// </summary>
internal static class Prefill
{
    private const int Chunk = 100_000;

    /// <summary><paramref name="count"/> finished orders like the template, each with the template's history and four inbox rows.</summary>
    public static async Task FinishedOrdersAsync(string connectionString, int count, Action<string> say, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var template = await TemplateAsync(connection, cancellationToken);
        var watch = Stopwatch.StartNew();
        for (var done = 0; done < count; done += Chunk)
        {
            var n = Math.Min(Chunk, count - done);
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new("CREATE TEMP TABLE IF NOT EXISTS prefill_ids (saga_id uuid NOT NULL, n int NOT NULL)"),
                    new("TRUNCATE prefill_ids"),
                    new($"INSERT INTO prefill_ids SELECT gen_random_uuid(), g FROM generate_series(1, {n}) AS g"),
                    new($"""
                        INSERT INTO orders.sagas (saga_type, saga_id, state, is_final, data, version, last_sequence, definition_version,
                            deadline_id, deadline_due_at, deadline_kind, claimed_deadline_id, claimed_until, compensations, runtime, created_at, updated_at)
                        SELECT t.saga_type, p.saga_id, t.state, t.is_final, t.data, t.version, t.last_sequence, t.definition_version,
                            NULL, NULL, NULL, NULL, NULL, t.compensations, t.runtime,
                            t.created_at - (p.n + {done}) * interval '10 ms', t.updated_at - (p.n + {done}) * interval '10 ms'
                        FROM prefill_ids p CROSS JOIN orders.sagas t WHERE t.saga_type = 'OrderSaga' AND t.saga_id = '{template}'
                        """),
                    new($"""
                        INSERT INTO orders.saga_history (saga_type, saga_id, sequence, from_state, to_state, trigger, message_id, at, kind, detail)
                        SELECT h.saga_type, p.saga_id, h.sequence, h.from_state, h.to_state, h.trigger, gen_random_uuid(),
                            h.at - (p.n + {done}) * interval '10 ms', h.kind, h.detail
                        FROM prefill_ids p CROSS JOIN orders.saga_history h WHERE h.saga_type = 'OrderSaga' AND h.saga_id = '{template}'
                        """),
                    new("INSERT INTO orders.inbox (consumer, message_id, received_at) SELECT 'OrderSaga', gen_random_uuid(), now() FROM prefill_ids CROSS JOIN generate_series(1, 4)"),
                },
            };
            await batch.ExecuteNonQueryAsync(cancellationToken);
            say($"prefill: {done + n:N0} of {count:N0} finished orders ({watch.Elapsed.TotalSeconds:0} s)");
        }

        await using var analyze = new NpgsqlCommand("ANALYZE orders.sagas; ANALYZE orders.saga_history; ANALYZE orders.inbox", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// <paramref name="pending"/> orders waiting in Reserving, each with a state timeout: <paramref name="due"/> of them
    /// due at <paramref name="dueAt"/>, the rest a day later. Returns the ids of the ones due.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> PendingTimersAsync(string connectionString, int pending, int due, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var template = await TemplateAsync(connection, cancellationToken);
        var ids = Enumerable.Range(0, due).Select(_ => Guid.NewGuid()).ToArray();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new($"""
                    INSERT INTO orders.sagas (saga_type, saga_id, state, is_final, data, version, last_sequence, definition_version,
                        deadline_id, deadline_due_at, deadline_kind, claimed_deadline_id, claimed_until, compensations, runtime, created_at, updated_at)
                    SELECT t.saga_type, ids.id, 'Reserving', false, t.data, 1, 1, t.definition_version,
                        gen_random_uuid(), ids.due_at, 'Timeout', NULL, NULL, '[]', NULL, now(), now()
                    FROM (SELECT unnest(@due_ids) AS id, @due_at::timestamptz AS due_at
                          UNION ALL SELECT gen_random_uuid(), @due_at::timestamptz + interval '1 day' FROM generate_series(1, {pending - due})) AS ids
                    CROSS JOIN orders.sagas t WHERE t.saga_type = 'OrderSaga' AND t.saga_id = '{template}'
                    """)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<Guid[]>("due_ids", ids),
                        new NpgsqlParameter<DateTimeOffset>("due_at", dueAt.ToUniversalTime()),
                    },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return ids;
    }

    /// <summary>
    /// Timer lag of the given sagas, in ms: due → claimed by the timer service (the claim is taken just before the
    /// timeout message is sent; <c>claimed_until</c> minus the lease), and due → the timeout transition committed.
    /// </summary>
    public static async Task<(List<double> Fired, List<double> Handled)> TimerLagsAsync(string connectionString, IReadOnlyList<Guid> ids, DateTimeOffset dueAt, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT extract(epoch FROM (s.claimed_until - @lease - @due_at)) * 1000,
                   (SELECT extract(epoch FROM (min(h.at) - @due_at)) * 1000 FROM orders.saga_history h
                     WHERE h.saga_type = s.saga_type AND h.saga_id = s.saga_id AND h.from_state = 'Reserving')
            FROM orders.sagas s WHERE s.saga_type = 'OrderSaga' AND s.saga_id = ANY(@ids)
            """,
            connection)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]>("ids", [.. ids]),
                new NpgsqlParameter<DateTimeOffset>("due_at", dueAt.ToUniversalTime()),
                new NpgsqlParameter<TimeSpan>("lease", lease),
            },
        };
        var fired = new List<double>(ids.Count);
        var handled = new List<double>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0))
            {
                fired.Add((double)reader.GetDecimal(0));
            }

            if (!reader.IsDBNull(1))
            {
                handled.Add((double)reader.GetDecimal(1));
            }
        }

        return (fired, handled);
    }

    private static async Task<Guid> TemplateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT saga_id FROM orders.sagas WHERE saga_type = 'OrderSaga' AND state = 'Completed' ORDER BY updated_at DESC LIMIT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id
            ? id
            : throw new InvalidOperationException("No completed OrderSaga to copy: the warm-up must complete at least one order first.");
    }
}
