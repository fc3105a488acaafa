using Npgsql;

namespace SagaHub.Benchmarks;

/// <summary>The local servers of scripts/infra-up.sh; PG_* and RMQ_* override as there.</summary>
internal sealed record Infrastructure(string PgHost, int PgPort, string PgUser, string PgPassword, string PgDatabase, string RmqUser, string RmqPassword)
{
    public const string VirtualHost = "sagahub-bench";
    public const string SagaDatabase = "sagahub_bench_sagas";
    public const string ServiceDatabase = "sagahub_bench_services";

    public static Infrastructure FromEnvironment() => new(
        "127.0.0.1",
        5432,
        Env("PG_USER", "sagahub"),
        Env("PG_PASS", "sagahub"),
        Env("PG_DB", "sagahub"),
        Env("RMQ_USER", "sagahub"),
        Env("RMQ_PASS", "sagahub"));

    public BrokerSettings Broker => new("127.0.0.1", 5672, VirtualHost, RmqUser, RmqPassword);

    /// <summary>The database the runner administers from (creates and drops the benchmark databases).</summary>
    public string AdminConnectionString => ConnectionString(PgDatabase);

    /// <summary>
    /// A connection string; <paramref name="maxPoolSize"/> bounds one process's connections. Without TLS: the server
    /// is on loopback, and Debian's PostgreSQL has ssl=on, which Npgsql (and libpq, for pgbench) would otherwise
    /// use, spending CPU on encryption in every process of every variant.
    /// </summary>
    public string ConnectionString(string database, int maxPoolSize = 10) => new NpgsqlConnectionStringBuilder
    {
        Host = PgHost,
        Port = PgPort,
        Database = database,
        Username = PgUser,
        Password = PgPassword,
        MaxPoolSize = maxPoolSize,
        SslMode = SslMode.Disable,
    }.ConnectionString;

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
}
