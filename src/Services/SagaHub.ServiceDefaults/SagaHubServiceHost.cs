using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SagaHub.ServiceDefaults;

/// <summary>The host every SagaHub service process starts from.</summary>
public static class SagaHubServiceHost
{
    /// <summary>
    /// Creates a host builder with the SagaHub service defaults (<see cref="AddSagaHubServiceDefaults{TBuilder}"/>).
    /// The content root is the application's directory, so <c>appsettings.json</c> next to the program is read
    /// whatever the working directory (<c>dotnet run --project ...</c> from the repository root included).
    /// </summary>
    /// <param name="args">The command line; <c>--Key=value</c> arguments override configuration.</param>
    /// <param name="serviceName">The service's name, e.g. <c>inventory</c>.</param>
    /// <returns>The builder; add the service's registrations, then build and run it.</returns>
    public static HostApplicationBuilder CreateBuilder(string[] args, string serviceName)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        return builder.AddSagaHubServiceDefaults(serviceName);
    }

    /// <summary>
    /// Runs a service process until Ctrl+C or SIGTERM: <see cref="CreateBuilder"/>, the <typeparamref name="TOptions"/>
    /// bound from <paramref name="section"/>, a bus with <paramref name="addService"/>'s registrations on the configured
    /// transport (<see cref="BusTransportExtensions.UsingConfiguredTransport"/>). Settings come from <c>appsettings.json</c>
    /// next to the program, environment variables and <c>--Key=value</c> arguments.
    /// </summary>
    /// <typeparam name="TOptions">The service's options.</typeparam>
    /// <param name="args">The command line; <c>--Key=value</c> arguments override configuration.</param>
    /// <param name="serviceName">The service's name, e.g. <c>inventory</c>; names its log lines and its RabbitMQ connection.</param>
    /// <param name="section">The configuration section of <typeparamref name="TOptions"/>, e.g. <c>Inventory</c>.</param>
    /// <param name="addService">Registers the service on the bus, e.g. <c>x =&gt; x.AddInventoryService()</c>.</param>
    /// <returns>A task that completes when the host has stopped.</returns>
    public static async Task RunAsync<TOptions>(string[] args, string serviceName, string section, Action<IBusRegistrationConfigurator> addService)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        ArgumentNullException.ThrowIfNull(addService);
        var builder = CreateBuilder(args, serviceName);
        builder.Services.Configure<TOptions>(builder.Configuration.GetSection(section));
        builder.Services.AddMassTransit(x =>
        {
            addService(x);
            x.UsingConfiguredTransport(builder.Configuration);
        });

        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Adds what every SagaHub service process shares: single-line console logging with UTC timestamps (levels
    /// from the <c>Logging</c> section), a host that waits for the bus to start within <c>Bus:StartTimeout</c>
    /// and stops it within <c>Bus:StopTimeout</c> (<see cref="BusOptions"/>), and health checks (MassTransit adds
    /// its bus and endpoint checks to them), and how long the start-up checks wait for the database
    /// (<see cref="StartupCheckOptions"/>, section <c>SagaHub:Startup</c>), and OpenTelemetry (<see cref="SagaHubTelemetry"/>:
    /// metrics and traces of SagaHub, MassTransit and Npgsql as <see cref="TelemetryOptions"/> say, under a resource named
    /// <paramref name="serviceName"/>, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set). Use
    /// <see cref="BusTransportExtensions.UsingConfiguredTransport"/> for the bus itself. An invalid <c>Bus</c> section fails
    /// the host's start with an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the key; an
    /// invalid <c>Telemetry</c> section or OTLP endpoint fails this call the same way (they decide what is registered, so
    /// they are read now: configuration sources added after this call do not count for them).
    /// </summary>
    /// <typeparam name="TBuilder">The host builder (a plain host or a web application).</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <param name="serviceName">The service's name, e.g. <c>inventory</c>; names its log lines and its RabbitMQ connection.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddSagaHubServiceDefaults<TBuilder>(this TBuilder builder, string serviceName)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });

        // Read when the host starts, so configuration sources added after this call count too.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IConfiguration>((host, configuration) =>
        {
            var bus = BusOptions.FromConfiguration(configuration);
            host.WaitUntilStarted = true;
            host.StartTimeout = bus.StartTimeout;
            host.StopTimeout = bus.StopTimeout;
        });
        builder.Services.Configure<StartupCheckOptions>(builder.Configuration.GetSection(StartupCheckOptions.SectionName));
        builder.Services.TryAddSingleton<DispatchHealth>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<BusWatchdog>();
        builder.Services.AddHealthChecks().AddCheck<BusDispatchHealthCheck>("bus-dispatch", tags: ["live", "ready", "sagahub"]);
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));

        var telemetry = TelemetryOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(telemetry);
        builder.Services.AddHostedService<TelemetryLog>();
        SagaHubTelemetry.Add(builder, serviceName, telemetry);
        return builder;
    }
}
