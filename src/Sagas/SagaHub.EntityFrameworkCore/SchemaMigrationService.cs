using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Runs a component's schema scripts when the host starts.</summary>
public static class SchemaMigrationExtensions
{
    /// <summary>
    /// Applies <paramref name="scripts"/> for <paramref name="component"/> on <typeparamref name="TDbContext"/>'s
    /// database when the host starts. Register it BEFORE <c>AddMassTransit</c>: hosted services start in
    /// registration order, so the tables exist before the first message is consumed.
    /// </summary>
    /// <typeparam name="TDbContext">The context whose connection is used.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="tables">Where <c>schema_versions</c> lives.</param>
    /// <param name="component">The scripts' owner name.</param>
    /// <param name="scripts">Versions 1..n.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSchemaMigration<TDbContext>(this IServiceCollection services, SagaHubTables tables, string component, IReadOnlyList<SchemaScript> scripts)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService(sp => new SchemaMigrationService<TDbContext>(sp.GetRequiredService<IServiceScopeFactory>(), tables, component, scripts));
        return services;
    }
}

internal sealed class SchemaMigrationService<TDbContext>(IServiceScopeFactory scopes, SagaHubTables tables, string component, IReadOnlyList<SchemaScript> scripts) : IHostedService
    where TDbContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await SchemaMigrator.MigrateAsync(db, tables, component, scripts, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
