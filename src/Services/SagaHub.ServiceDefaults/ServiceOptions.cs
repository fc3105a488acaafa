using SagaHub.EntityFrameworkCore;

namespace SagaHub.ServiceDefaults;

/// <summary>
/// Base of the options of a service that owns a database: its queue and retries (<see cref="ServiceEndpointOptions"/>)
/// and the database its context lives in. A service adds its section name, its queue and its own settings.
/// </summary>
public abstract class ServiceOptions : ServiceEndpointOptions
{
    /// <summary>
    /// The service's database (section <c>&lt;Service&gt;:Database</c>): its tables live in the schema of the service's
    /// context (PostgreSQL) or carry it as a prefix (SQLite), e.g. <c>inventory.stock</c> or <c>inventory_stock</c>.
    /// </summary>
    /// <value>Defaults to SQLite in a temp file per service instance.</value>
    public ServiceDatabaseOptions Database { get; set; } = new();
}
