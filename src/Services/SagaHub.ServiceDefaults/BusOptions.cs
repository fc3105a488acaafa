using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults;

/// <summary>The transport a service's bus runs on.</summary>
public enum BusTransport
{
    /// <summary>RabbitMQ, as configured by <see cref="RabbitMqTransportOptions"/> (the default).</summary>
    RabbitMq,

    /// <summary>MassTransit's in-memory transport: messages never leave the process (tests, demos).</summary>
    InMemory,
}

/// <summary>How a service process runs its bus (configuration section <c>Bus</c>).</summary>
public sealed class BusOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Bus";

    /// <summary>The transport (<c>Bus:Transport</c>: <c>RabbitMq</c> or <c>InMemory</c>, any casing).</summary>
    /// <value>Defaults to <see cref="BusTransport.RabbitMq"/>.</value>
    public BusTransport Transport { get; set; } = BusTransport.RabbitMq;

    /// <summary>
    /// How long the host waits for the bus to connect and start its endpoints before start-up fails
    /// (<c>Bus:StartTimeout</c>, e.g. <c>00:00:30</c>). The host always waits for the bus to start.
    /// </summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the host waits for the bus to stop, in-flight messages included (<c>Bus:StopTimeout</c>).</summary>
    /// <value>Defaults to 20 seconds (below the host's 30 s shutdown timeout and compose's stop grace period).</value>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Whether MassTransit may send its anonymous usage telemetry (<c>Bus:UsageTelemetry</c>). MassTransit 8.4 reports to
    /// usage-tracking.masstransit.io a few minutes after the bus starts unless told not to; SagaHub's service processes
    /// run in closed networks as often as not (there the call fails and logs a warning), so they opt out unless this is set.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool UsageTelemetry { get; set; }

    /// <summary>
    /// How long this process's outbox dispatch may fail with no success in between before its bus counts as stuck
    /// (<c>Bus:StuckAfter</c>): the <c>bus-dispatch</c> health check (tag <c>live</c>) turns Unhealthy and, with
    /// <see cref="ExitWhenStuck"/>, the process stops with exit code <see cref="BusWatchdog.StuckExitCode"/>.
    /// </summary>
    /// <value>Defaults to 2 minutes.</value>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether a stuck bus stops the process (<c>Bus:ExitWhenStuck</c>), so that its supervisor (systemd, Docker's
    /// restart policy, Kubernetes) starts a fresh one: a bus that cannot send is not repaired by waiting.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool ExitWhenStuck { get; set; } = true;

    /// <summary>Reads and validates the <see cref="SectionName"/> section.</summary>
    /// <param name="configuration">The application's configuration (the root, not the section).</param>
    /// <returns>The options; defaults for every missing key.</returns>
    /// <exception cref="OptionsValidationException">A value is invalid; the message names its key.</exception>
    public static BusOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var transport = section[nameof(Transport)];
        if (transport is not null && !IsTransportName(transport))
        {
            // The binder would accept numbers and name the target type only; say what is allowed instead.
            throw Invalid($"{SectionName}:{nameof(Transport)} must be {nameof(BusTransport.RabbitMq)} or {nameof(BusTransport.InMemory)} (was '{transport}').");
        }

        var options = OptionsBinding.Bind<BusOptions>(section);
        if (options.StartTimeout <= TimeSpan.Zero)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(StartTimeout)} must be positive (was {options.StartTimeout})."));
        }

        if (options.StopTimeout <= TimeSpan.Zero)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(StopTimeout)} must be positive (was {options.StopTimeout})."));
        }

        if (options.StuckAfter <= TimeSpan.Zero)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(StuckAfter)} must be positive (was {options.StuckAfter})."));
        }

        return options;
    }

    private static bool IsTransportName(string value) =>
        Enum.GetNames<BusTransport>().Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);

    private static OptionsValidationException Invalid(string failure) =>
        new(SectionName, typeof(BusOptions), [failure]);
}
