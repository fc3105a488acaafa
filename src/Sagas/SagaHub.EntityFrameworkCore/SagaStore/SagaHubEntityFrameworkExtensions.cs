using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Chooses the EF Core store for a SagaHub host.</summary>
public static class SagaHubEntityFrameworkExtensions
{
    /// <summary>
    /// Keeps sagas in PostgreSQL or SQLite through <see cref="EfSagaStore"/>, and runs the store's maintenance (inbox
    /// retention) in the background.
    /// </summary>
    /// <remarks>
    /// When the host starts, before its bus consumes, the schema is created or upgraded (with
    /// <see cref="SagaStoreOptions.MigrateOnStart"/> off, the database is only reached), waiting out a database that is
    /// not ready yet (<see cref="StartupCheckOptions"/>).
    /// </remarks>
    /// <param name="hub">The SagaHub builder.</param>
    /// <param name="configure">Sets the provider, connection string and schema.</param>
    /// <returns>The builder.</returns>
    /// <example><code>
    /// x.AddSagaHub(hub => hub
    ///     .AddSaga&lt;OrderSaga&gt;()
    ///     .UseEntityFrameworkStore(o => o.UsePostgreSql(connectionString).Schema = "orders"));
    /// </code></example>
    public static SagaHubBuilder UseEntityFrameworkStore(this SagaHubBuilder hub, Action<SagaStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SagaStoreOptions();
        configure(options);
        options.Validate();
        hub.Services.AddSingleton(options);
        hub.Services.AddSingleton(sp => new EfSagaStore(options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<EfSagaStore>>(), sp.GetService<SagaMetrics>()));
        hub.UseStore<EfSagaStore>();
        hub.Services.AddStartupCheck(sp => new SagaStoreStartupCheck(sp.GetRequiredService<EfSagaStore>()));
        hub.Services.AddHostedService<SagaStoreMaintenance>();
        return hub;
    }
}
