using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Registers the inbox and outbox of a plain service on its own context.</summary>
public static class ServiceOutboxExtensions
{
    /// <summary>
    /// Adds <see cref="TransactionalInbox{TDbContext}"/>, the queue of dispatched rows' deletes
    /// (<see cref="ServiceOutboxDeletes{TDbContext}"/>) and a background sweep of outbox and inbox rows.
    /// </summary>
    /// <remarks>
    /// Register <typeparamref name="TDbContext"/> itself (e.g. <c>AddDbContext</c>) and map the tables with
    /// <see cref="SagaHubTables.MapInboxAndOutbox"/>. The settings are the named options
    /// <see cref="ServiceOutboxOptions.NameFor{TDbContext}"/>.
    /// </remarks>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSagaHubInbox<TDbContext>(this IServiceCollection services, Action<ServiceOutboxOptions>? configure = null)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var name = ServiceOutboxOptions.NameFor<TDbContext>();
        var options = services.AddOptions<ServiceOutboxOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        static ServiceOutboxOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptionsMonitor<ServiceOutboxOptions>>().Get(ServiceOutboxOptions.NameFor<TDbContext>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DispatchHealth>();
        services.TryAddSingleton<SagaMetrics>(); // where the sweep counts parked rows (AddSagaHub registers the host's)
        services.AddScoped<TransactionalInbox<TDbContext>>();
        services.AddSingleton(sp => new ServiceOutboxDeletes<TDbContext>(sp.GetRequiredService<IServiceScopeFactory>(), Options(sp), sp.GetRequiredService<ILogger<ServiceOutboxDeletes<TDbContext>>>()));
        services.AddSingleton<IServiceOutboxSweeper<TDbContext>>(sp => ActivatorUtilities.CreateInstance<ServiceOutboxSweeper<TDbContext>>(sp, Options(sp)));
        services.AddHostedService(sp => new ServiceOutboxSweepService<TDbContext>(
            sp.GetRequiredService<IServiceOutboxSweeper<TDbContext>>(),
            sp.GetRequiredService<ServiceOutboxDeletes<TDbContext>>(),
            Options(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ServiceOutboxSweeper<TDbContext>>>()));
        return services;
    }
}
