namespace SagaHub.EntityFrameworkCore;

/// <summary>Which database a durable SagaHub store talks to.</summary>
public enum SagaStoreProvider
{
    /// <summary>PostgreSQL through Npgsql: one schema holds the tables; deadline claims use <c>FOR UPDATE SKIP LOCKED</c>.</summary>
    PostgreSql,

    /// <summary>SQLite (the embedded default): tables carry the schema name as a prefix; writes are serialized by SQLite itself.</summary>
    Sqlite,
}
