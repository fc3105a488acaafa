using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// Sets every SQLite connection up when it opens: WAL journal, and a busy timeout as long as the command timeout.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private volatile bool walSet;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas(connection);
        command.ExecuteNonQuery();
        walSet = true;
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas(connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            walSet = true;
        }
    }

    private string Pragmas(DbConnection connection)
    {
        var timeout = connection is SqliteConnection sqlite ? sqlite.DefaultTimeout : 30;
        var busy = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {Math.Max(timeout, 1) * 1000};");
        return walSet ? busy : busy + " PRAGMA journal_mode = WAL;";
    }
}
