using System.Diagnostics;
using OpenTelemetry;

namespace SagaHub.ServiceDefaults;

/// <summary>
/// Takes the connection string off Npgsql's command spans before any exporter sees them: Npgsql tags each span with its data
/// source's connection string (<c>db.npgsql.data_source</c>, the password removed, the host, database, user and pool settings
/// left). Host, port and database stay on the span as <c>server.address</c>, <c>server.port</c> and <c>db.namespace</c>.
/// </summary>
internal sealed class ConnectionTagsProcessor : BaseProcessor<Activity>
{
    public const string DataSourceTag = "db.npgsql.data_source";

    public override void OnEnd(Activity data)
    {
        if (data.Source.Name == SagaHubTelemetry.NpgsqlName && data.GetTagItem(DataSourceTag) is not null)
        {
            data.SetTag(DataSourceTag, null);
        }
    }
}
