using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace SagaHub.Store.Tests.Infrastructure;

/// <summary>
/// A TCP proxy in front of PostgreSQL that counts what crosses the wire: round trips (each time the
/// client sends after the server answered) and transactions as the server reports them — every
/// <c>ReadyForQuery</c> that returns to idle ends one top-level transaction, an explicit
/// <c>BEGIN … COMMIT</c> block or a statement in its own implicit transaction (exactly what
/// <c>pg_stat_database.xact_commit</c>/<c>xact_rollback</c> count, without its lazy flushing).
/// Connection start-up is not counted. Point a store at <see cref="ConnectionString"/>.
/// </summary>
public sealed class PostgresWireCounter : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly string target;
    private readonly int targetPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> pumps = [];
    private readonly Lock gate = new();
    private readonly List<string> statements = [];
    private long roundTrips;
    private long explicitTransactions;
    private long implicitTransactions;
    private long rollbacks;
    private long errors;

    private PostgresWireCounter(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        target = builder.Host ?? "127.0.0.1";
        targetPort = builder.Port;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        builder.Host = "127.0.0.1";
        builder.Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        builder.SslMode = SslMode.Disable; // plain protocol, so the proxy can read it
        builder.GssEncryptionMode = GssEncryptionMode.Disable;
        ConnectionString = builder.ConnectionString;
        pumps.Add(AcceptAsync());
    }

    /// <summary>The connection string through the proxy (same database, user and options).</summary>
    public string ConnectionString { get; }

    /// <summary>Client flights after the server answered: one per round trip.</summary>
    public long RoundTrips => Interlocked.Read(ref roundTrips);

    /// <summary>Top-level transactions ended (explicit blocks plus implicit single-statement transactions).</summary>
    public long Transactions => ExplicitTransactions + ImplicitTransactions;

    /// <summary>BEGIN … COMMIT/ROLLBACK blocks ended.</summary>
    public long ExplicitTransactions => Interlocked.Read(ref explicitTransactions);

    /// <summary>Statements run outside a block (each its own transaction, also a read-only SELECT).</summary>
    public long ImplicitTransactions => Interlocked.Read(ref implicitTransactions);

    /// <summary>Blocks the client rolled back.</summary>
    public long Rollbacks => Interlocked.Read(ref rollbacks);

    /// <summary>Error responses from the server.</summary>
    public long Errors => Interlocked.Read(ref errors);

    /// <summary>The SQL the client sent since the last <see cref="Reset"/> (simple queries and parsed statements), for failure messages.</summary>
    public IReadOnlyList<string> Statements
    {
        get
        {
            lock (gate)
            {
                return [.. statements];
            }
        }
    }

    /// <summary>Starts a proxy for the server <paramref name="connectionString"/> names.</summary>
    public static PostgresWireCounter Start(string connectionString) => new(connectionString);

    /// <summary>Sets every counter to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref roundTrips, 0);
        Interlocked.Exchange(ref explicitTransactions, 0);
        Interlocked.Exchange(ref implicitTransactions, 0);
        Interlocked.Exchange(ref rollbacks, 0);
        Interlocked.Exchange(ref errors, 0);
        lock (gate)
        {
            statements.Clear();
        }
    }

    /// <summary>The counters in one line, for assertion messages.</summary>
    public string Describe() =>
        $"{RoundTrips} round trips, {ExplicitTransactions} explicit + {ImplicitTransactions} implicit transactions, {Rollbacks} rollbacks, {Errors} errors; SQL:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Statements);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Task[] running;
        lock (gate)
        {
            running = [.. pumps];
        }

        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            var server = new TcpClient { NoDelay = true };
            client.NoDelay = true;
            await server.ConnectAsync(target, targetPort, stopping.Token);
            var connection = new Connection(this);
            lock (gate)
            {
                pumps.Add(PumpAsync(client, server, connection));
            }
        }
    }

    private async Task PumpAsync(TcpClient client, TcpClient server, Connection connection)
    {
        using (client)
        using (server)
        {
            var up = CopyAsync(client.GetStream(), server.GetStream(), connection.FromClient);
            var down = CopyAsync(server.GetStream(), client.GetStream(), connection.FromServer);
            await Task.WhenAny(up, down);
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, Action<ReadOnlyMemory<byte>> observe)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, stopping.Token);
                if (read == 0)
                {
                    return;
                }

                observe(buffer.AsMemory(0, read)); // before forwarding: the answer cannot overtake its count
                await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>One client connection: which side spoke last, and a parser of each direction's messages.</summary>
    private sealed class Connection(PostgresWireCounter owner)
    {
        private readonly Lock turn = new();
        private readonly MessageReader client = new(typedFromStart: false);
        private readonly MessageReader server = new(typedFromStart: true);
        private bool serverSpokeLast = true;
        private bool ready;
        private bool inBlock;

        public void FromClient(ReadOnlyMemory<byte> bytes)
        {
            lock (turn)
            {
                if (serverSpokeLast && ready)
                {
                    Interlocked.Increment(ref owner.roundTrips);
                }

                serverSpokeLast = false;
                foreach (var (type, payload) in client.Feed(bytes.Span))
                {
                    if (!ready)
                    {
                        continue;
                    }

                    var sql = type switch
                    {
                        (byte)'Q' => CString(payload, 0),
                        (byte)'P' => CString(payload, Array.IndexOf(payload, (byte)0) + 1), // statement name, then the query
                        _ => null,
                    };
                    if (sql is not null)
                    {
                        lock (owner.gate)
                        {
                            owner.statements.Add(sql);
                        }
                    }
                }
            }
        }

        public void FromServer(ReadOnlyMemory<byte> bytes)
        {
            lock (turn)
            {
                foreach (var (type, payload) in server.Feed(bytes.Span))
                {
                    // The server's turn ends with ReadyForQuery: a client flight that follows only part of an answer
                    // (the TCP segments fell that way) is the same round trip, not a new one.
                    serverSpokeLast |= type == (byte)'Z';
                    switch (type)
                    {
                        case (byte)'Z' when !ready:
                            ready = true; // start-up is over: the first ReadyForQuery
                            break;
                        case (byte)'Z':
                            var status = payload[0];
                            if (status == (byte)'I')
                            {
                                Interlocked.Increment(ref inBlock ? ref owner.explicitTransactions : ref owner.implicitTransactions);
                            }

                            inBlock = status != (byte)'I';
                            break;
                        case (byte)'C' when ready && CString(payload, 0) == "ROLLBACK":
                            Interlocked.Increment(ref owner.rollbacks);
                            break;
                        case (byte)'E' when ready:
                            Interlocked.Increment(ref owner.errors);
                            break;
                    }
                }
            }
        }

        private static string CString(byte[] payload, int start)
        {
            var end = Array.IndexOf(payload, (byte)0, start);
            return Encoding.UTF8.GetString(payload, start, (end < 0 ? payload.Length : end) - start);
        }
    }

    /// <summary>Splits a byte stream into protocol messages (type byte, length, payload); the client's start-up messages have no type byte.</summary>
    private sealed class MessageReader(bool typedFromStart)
    {
        private readonly List<byte> pending = [];
        private bool typed = typedFromStart;

        public List<(byte Type, byte[] Payload)> Feed(ReadOnlySpan<byte> bytes)
        {
            pending.AddRange(bytes);
            var messages = new List<(byte, byte[])>();
            while (true)
            {
                var header = typed ? 5 : 4;
                if (pending.Count < header)
                {
                    return messages;
                }

                var at = header - 4;
                var length = (pending[at] << 24) | (pending[at + 1] << 16) | (pending[at + 2] << 8) | pending[at + 3]; // big-endian, includes itself
                var total = header - 4 + length;
                if (pending.Count < total)
                {
                    return messages;
                }

                var type = typed ? pending[0] : (byte)0;
                var payload = pending.GetRange(header, total - header).ToArray();
                pending.RemoveRange(0, total);
                if (!typed)
                {
                    typed = true; // the startup message (SSL and GSS requests are off) is the only untyped one
                }

                messages.Add((type, payload));
            }
        }
    }
}
