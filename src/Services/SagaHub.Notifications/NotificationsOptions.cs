using SagaHub.Contracts;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Notifications;

/// <summary>Settings of the notifications service (configuration section <c>Notifications</c>).</summary>
public sealed class NotificationsOptions : ServiceEndpointOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Notifications";

    /// <inheritdoc />
    public override string QueueName => Queues.Notifications;

    /// <summary>
    /// The service's database (section <c>Notifications:Database</c>): its tables live in the
    /// <c>notifications</c> schema (PostgreSQL) or with the <c>notifications_</c> prefix (SQLite).
    /// </summary>
    /// <value>Defaults to SQLite in a temp file per service instance.</value>
    public ServiceDatabaseOptions Database { get; set; } = new();
}
