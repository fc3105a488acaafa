using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.ServiceDefaults;

/// <summary>Registers what every service with a database of its own shares: options, database, inbox, outbox, schema, consumers.</summary>
public static class ServiceDataExtensions
{
    /// <summary>
    /// Adds a service's data: its options (the <see cref="ServiceData{TOptions, TDbContext}.Rules"/>, then <c>Retry</c> set
    /// and <c>Database</c> usable, validated on start; <paramref name="configure"/> after the defaults and any bound
    /// configuration), <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered, its
    /// <see cref="ServiceDatabase{TDbContext}"/> (a singleton, on <see cref="ServiceOptions.Database"/>),
    /// <typeparamref name="TDbContext"/> (scoped), its inbox and outbox sweep, and its schema migration (at host start,
    /// before the bus, and in any case before the first message). Bind the options' section yourself
    /// (<c>services.Configure&lt;TOptions&gt;(section)</c>) to read it from configuration.
    /// </summary>
    /// <typeparam name="TOptions">The service's options.</typeparam>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <param name="services">The services (or the bus configurator).</param>
    /// <param name="data">What the service declares.</param>
    /// <param name="configure">Changes the options after the defaults and any bound configuration; optional.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddServiceData<TOptions, TDbContext>(this IServiceCollection services, ServiceData<TOptions, TDbContext> data, Action<TOptions>? configure = null)
        where TOptions : ServiceOptions
        where TDbContext : ServiceDbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(data);
        var options = services.AddOptions<TOptions>();
        foreach (var (check, failure) in data.Rules)
        {
            options.Validate(check, failure);
        }

        options
            .Validate(o => o.Retry is not null, $"{data.Section}:Retry must be set.")
            .Validate(o => o.Database?.Problem($"{data.Section}:Database") is null, $"{data.Section}:Database needs a Provider (PostgreSql or Sqlite), and a ConnectionString for PostgreSql.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ServiceDatabase<TDbContext>(sp.GetRequiredService<IOptions<TOptions>>().Value.Database, data.Schema));
        services.AddDbContext<TDbContext>((sp, db) => sp.GetRequiredService<ServiceDatabase<TDbContext>>().Configure(db), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        services.AddSagaHubInbox<TDbContext>();
        services.AddSchemaMigration<TDbContext>(sp => sp.GetRequiredService<ServiceDatabase<TDbContext>>().Tables, data.Schema, data.Scripts, data.AfterMigrate);
        return services;
    }

    /// <summary>
    /// Adds a service consumer on its service's queue with the service's retries
    /// (<see cref="ServiceConsumerDefinition{TConsumer, TOptions}"/>).
    /// </summary>
    /// <typeparam name="TConsumer">The consumer.</typeparam>
    /// <typeparam name="TOptions">The service's options (queue and retries).</typeparam>
    /// <param name="bus">The bus being configured (inside <c>AddMassTransit</c>).</param>
    /// <returns>The same configurator, for chaining.</returns>
    public static IBusRegistrationConfigurator AddServiceConsumer<TConsumer, TOptions>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer
        where TOptions : ServiceEndpointOptions
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<TConsumer, ServiceConsumerDefinition<TConsumer, TOptions>>();
        return bus;
    }
}
