using Npgsql;
using SagaHub.Benchmarks;

namespace SagaHub.Faults;

/// <summary>
/// The local servers of scripts/infra-up.sh (PG_* and RMQ_* override as there), the virtual host and database the
/// runner recreates for every scenario, and the two server faults: RabbitMQ and PostgreSQL stopped and started.
/// </summary>
internal sealed record FaultInfrastructure(string PgUser, string PgPassword, string PgDatabase, string RmqUser, string RmqPassword)
{
    public const string VirtualHost = "sagahub-faults";
    public const string Database = "sagahub_faults";

    public static FaultInfrastructure FromEnvironment() => new(
        Env("PG_USER", "sagahub"), Env("PG_PASS", "sagahub"), Env("PG_DB", "sagahub"), Env("RMQ_USER", "sagahub"), Env("RMQ_PASS", "sagahub"));

    public string AdminConnectionString => ConnectionString(PgDatabase, 2);

    /// <summary>The scenario's database; <paramref name="maxPoolSize"/> bounds one process's connections (max_connections is 100).</summary>
    public string ConnectionString(string database, int maxPoolSize) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = 5432,
        Database = database,
        Username = PgUser,
        Password = PgPassword,
        MaxPoolSize = maxPoolSize,
        SslMode = SslMode.Disable,
    }.ConnectionString;

    /// <summary>A fresh virtual host and a fresh database: nothing one scenario left behind reaches the next.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await VirtualHosts.RecreateAsync(VirtualHost, RmqUser, cancellationToken);
        NpgsqlConnection.ClearAllPools();
        await SagaHub.Benchmarks.Measure.PgStats.DropDatabaseAsync(AdminConnectionString, Database, cancellationToken);
        await SagaHub.Benchmarks.Measure.PgStats.CreateDatabaseAsync(AdminConnectionString, Database, cancellationToken);
    }

    /// <summary>Stops the RabbitMQ server (every connection drops; durable queues and persistent messages stay), waits, starts it.</summary>
    public static async Task RestartRabbitMqAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        await Shell.RunAsync("service", ["rabbitmq-server", "stop"], cancellationToken, asRoot: true);
        await Task.Delay(down, cancellationToken);
        await Shell.RunAsync("service", ["rabbitmq-server", "start"], cancellationToken, asRoot: true);
        await Shell.RunAsync("rabbitmqctl", ["-q", "await_startup"], cancellationToken, asRoot: true);
    }

    /// <summary>
    /// Stops PostgreSQL in immediate mode (no checkpoint, every backend killed: what a crash does; the restart runs
    /// crash recovery from the WAL), waits, starts it.
    /// </summary>
    public static async Task RestartPostgreSqlAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        var (version, cluster) = await PgClusterAsync(cancellationToken);
        await Shell.RunAsync("pg_ctlcluster", [version, cluster, "stop", "-m", "immediate"], cancellationToken, asRoot: true);
        await Task.Delay(down, cancellationToken);
        await Shell.RunAsync("pg_ctlcluster", [version, cluster, "start"], cancellationToken, asRoot: true);
    }

    /// <summary>
    /// Sets how many connections the project's role may hold (<c>ALTER ROLE … CONNECTION LIMIT</c>, as the postgres
    /// superuser): 0 makes PostgreSQL refuse every new connection of the role with SQLSTATE 53300 ("too many connections
    /// for role"), as a server out of connection slots does, while connections already open go on working; -1 lifts it.
    /// </summary>
    public async Task SetConnectionLimitAsync(int limit, CancellationToken cancellationToken)
    {
        var role = PgUser.Replace("\"", "\"\"", StringComparison.Ordinal);
        var sql = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ALTER ROLE \"{role}\" CONNECTION LIMIT {limit}");
        await Shell.RunAsync("runuser", ["-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-p", "5432", "-d", "postgres", "-c", sql], cancellationToken, asRoot: true);
    }

    private static async Task<(string Version, string Cluster)> PgClusterAsync(CancellationToken cancellationToken)
    {
        // pg_lsclusters -h: "15 main 5432 online postgres /var/lib/postgresql/15/main /var/log/...".
        var lines = (await Shell.RunAsync("pg_lsclusters", ["-h"], cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var fields in lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (fields.Length >= 3 && fields[2] == "5432")
            {
                return (fields[0], fields[1]);
            }
        }

        throw new InvalidOperationException("pg_lsclusters lists no PostgreSQL cluster on port 5432 (scripts/infra-up.sh starts one).");
    }

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
}
