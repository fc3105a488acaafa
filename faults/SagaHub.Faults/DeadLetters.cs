using System.Text;
using System.Text.Json;
using Npgsql;
using RabbitMQ.Client;
using SagaHub.Benchmarks;

namespace SagaHub.Faults;

/// <summary>
/// Accounts for every message in an error or skipped queue of the scenario's virtual host. One is accounted for when
/// a saga handled its fault: the message is a command a service gave up on (after its retries), and the saga it names
/// (by <c>orderId</c> or <c>refundId</c>) has a <c>Fault&lt;Command&gt;</c> entry in its history, i.e. it compensated or
/// recorded the failure. Any other dead-lettered message is a step that silently did not happen: a violation.
/// Messages are read with BasicGet and never acknowledged, so they stay where they are.
/// </summary>
internal static class DeadLetters
{
    public static async Task<(int Accounted, IReadOnlyList<string> Violations)> AccountAsync(
        FaultInfrastructure infra, string database, IReadOnlySet<Guid> ignore, CancellationToken cancellationToken)
    {
        var listing = await Shell.RunAsync("rabbitmqctl", ["-q", "list_queues", "-p", FaultInfrastructure.VirtualHost, "name", "messages"], cancellationToken, asRoot: true);
        var queues = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && (f[0].EndsWith("_error", StringComparison.Ordinal) || f[0].EndsWith("_skipped", StringComparison.Ordinal)) && f[^1] != "0")
            .Select(f => f[0])
            .ToList();
        if (queues.Count == 0)
        {
            return (0, []);
        }

        var factory = new ConnectionFactory { HostName = "127.0.0.1", VirtualHost = FaultInfrastructure.VirtualHost, UserName = infra.RmqUser, Password = infra.RmqPassword };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var db = NpgsqlDataSource.Create(database);
        var accounted = 0;
        var violations = new List<string>();
        foreach (var queue in queues)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            while (await channel.BasicGetAsync(queue, autoAck: false, cancellationToken) is { } message)
            {
                var id = Guid.TryParse(message.BasicProperties.MessageId, out var parsed) ? parsed : Guid.Empty;
                if (ignore.Contains(id))
                {
                    continue;
                }

                var reason = Header(message.BasicProperties.Headers, "MT-Fault-ExceptionType") ?? Header(message.BasicProperties.Headers, "MT-Reason") ?? "no reason header";
                var (type, sagaId) = Describe(message.Body.Span);
                if (queue.EndsWith("_error", StringComparison.Ordinal) && type is not null && sagaId is { } saga && await FaultHandledAsync(db, saga, type, cancellationToken))
                {
                    accounted++;
                    continue;
                }

                violations.Add($"{queue}: {type ?? "unreadable message"} {id} for saga {sagaId?.ToString() ?? "?"} ({reason}: {Header(message.BasicProperties.Headers, "MT-Fault-Message") ?? "-"}) was dead-lettered and no saga handled its fault");
            }
        }

        return (accounted, violations);
    }

    /// <summary>The message type's short name and the saga id it carries (<c>orderId</c>, else <c>refundId</c>) from MassTransit's JSON envelope.</summary>
    private static (string? Type, Guid? SagaId) Describe(ReadOnlySpan<byte> body)
    {
        try
        {
            var envelope = JsonDocument.Parse(body.ToArray()).RootElement;
            var urn = envelope.TryGetProperty("messageType", out var types) && types.GetArrayLength() > 0 ? types[0].GetString() : null;
            var type = urn?[(urn.LastIndexOf(':') + 1)..];
            if (!envelope.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            {
                return (type, null);
            }

            foreach (var name in new[] { "refundId", "orderId" })
            {
                if (message.TryGetProperty(name, out var value) && value.TryGetGuid(out var sagaId))
                {
                    return (type, sagaId);
                }
            }

            return (type, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static async Task<bool> FaultHandledAsync(NpgsqlDataSource db, Guid sagaId, string type, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM orders.saga_history WHERE saga_id = @id AND trigger = @trigger)");
        command.Parameters.AddWithValue("id", sagaId);
        command.Parameters.AddWithValue("trigger", $"Fault<{type}>");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string? Header(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value)
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => value.ToString() }
            : null;
}
