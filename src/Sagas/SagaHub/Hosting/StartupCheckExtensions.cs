using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SagaHub;

/// <summary>Registers <see cref="IStartupCheck"/>s, run before the host starts its bus.</summary>
public static class StartupCheckExtensions
{
    /// <summary>
    /// Adds a check the host runs when it starts, before every other hosted service (the bus and its receive endpoints
    /// included), whatever order the registrations were made in.
    /// </summary>
    /// <remarks>
    /// An infrastructure failure (<see cref="RetryConfigurationExtensions.IsTransient"/>) is tried again with growing waits
    /// for up to <see cref="StartupCheckOptions.Timeout"/>; any other failure, or the timeout, fails the start before a
    /// message is taken off a queue.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="check">Creates the check from the container.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddStartupCheck(this IServiceCollection services, Func<IServiceProvider, IStartupCheck> check)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(check);
        services.AddSingleton(check);
        if (!services.Any(d => d.ServiceType == typeof(StartupCheckRunner)))
        {
            services.AddOptions<StartupCheckOptions>()
                .Validate(o => o.Timeout >= TimeSpan.Zero && o.MinDelay > TimeSpan.Zero && o.MaxDelay >= o.MinDelay, "SagaHub:Startup: Timeout must be 0 or more, MinDelay positive and MaxDelay at least MinDelay.");
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<StartupCheckRunner>();

            // Hosted services start in registration order: first of all, so nothing consumes before the checks pass.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<StartupCheckRunner>()));
        }

        return services;
    }
}
