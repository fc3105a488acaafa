using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults;

/// <summary>Puts a service's bus on the transport its configuration names.</summary>
public static class BusTransportExtensions
{
    /// <summary>
    /// Uses the transport of <c>Bus:Transport</c>: RabbitMQ (the default) with the <see cref="RabbitMqTransportOptions"/>
    /// of section <c>RabbitMq</c>, or the in-memory transport. Either way <paramref name="configure"/> runs, then
    /// <c>cfg.ConfigureEndpoints(context)</c> builds the endpoints of every registered consumer and saga. With
    /// <see cref="RabbitMqTransportOptions.UseQuorumQueues"/> those endpoints' queues are quorum queues. Logs the
    /// transport, host, port, virtual host and user once when the bus is created, never the password. MassTransit's
    /// usage telemetry is off unless <see cref="BusOptions.UsageTelemetry"/> is set.
    /// Reads <paramref name="configuration"/> when called, so add every configuration source before.
    /// </summary>
    /// <param name="x">The bus being configured (inside <c>AddMassTransit</c>).</param>
    /// <param name="configuration">The application's configuration (the root).</param>
    /// <param name="configure">More bus configuration, before the endpoints are configured; optional.</param>
    /// <exception cref="OptionsValidationException">The configuration is invalid; the message names the key.</exception>
    public static void UsingConfiguredTransport(
        this IBusRegistrationConfigurator x,
        IConfiguration configuration,
        Action<IBusRegistrationContext, IBusFactoryConfigurator>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(configuration);

        // Read now, so a bad value fails while the services are registered rather than on the first resolve.
        var bus = BusOptions.FromConfiguration(configuration);
        var faults = FaultInjectionOptions.FromConfiguration(configuration);
        x.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = bus.UsageTelemetry);
        if (bus.Transport == BusTransport.InMemory)
        {
            x.UsingInMemory((context, cfg) =>
            {
                Logger(context).UsingInMemory(ServiceName(context));
                configure?.Invoke(context, cfg);
                InjectFaults(context, cfg, faults);
                cfg.ConfigureEndpoints(context);
            });
            return;
        }

        var rabbit = RabbitMqTransportOptions.FromConfiguration(configuration);
        if (rabbit.UseQuorumQueues)
        {
            // Only the endpoints ConfigureEndpoints builds: the bus's own reply queue is temporary
            // (auto-delete), which a quorum queue cannot be.
            x.AddRabbitMqConfigureEndpointsCallback((_, _, endpoint) => endpoint.SetQuorumQueue());
        }

        x.UsingRabbitMq((context, cfg) =>
        {
            var service = ServiceName(context);
            Logger(context).UsingRabbitMq(
                service,
                rabbit.Host,
                rabbit.Port,
                rabbit.VirtualHost,
                rabbit.Username,
                rabbit.UseQuorumQueues,
                rabbit.PrefetchCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default");
            cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, service, h =>
            {
                h.Username(rabbit.Username);
                h.Password(rabbit.Password);
            });
            if (rabbit.PrefetchCount is { } prefetch)
            {
                cfg.PrefetchCount = prefetch;
            }

            configure?.Invoke(context, cfg);
            InjectFaults(context, cfg, faults);
            cfg.ConfigureEndpoints(context);
        });
    }

    private static void InjectFaults(IBusRegistrationContext context, IBusFactoryConfigurator cfg, FaultInjectionOptions faults)
    {
        if (!faults.Any)
        {
            return;
        }

        var named = new List<string>();
        if (faults.DuplicateDeliveries)
        {
            cfg.UseConsumeFilter(typeof(DuplicateDeliveryFilter<>), context);
            named.Add("every message delivered twice");
        }

        if (faults.CrashAfterCommits is { } commits)
        {
            named.Add($"crash after saga commit {commits}, before dispatch");
        }

        Logger(context).FaultInjectionOn(ServiceName(context), string.Join(", ", named));
    }

    private static ILogger Logger(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BusTransportExtensions).FullName!);

    // The name given to AddSagaHubServiceDefaults, else the application's, so the broker's connection list
    // shows which service holds which connection.
    private static string ServiceName(IServiceProvider services) =>
        services.GetService<ServiceIdentity>()?.Name
        ?? services.GetService<IHostEnvironment>()?.ApplicationName
        ?? "sagahub";
}
