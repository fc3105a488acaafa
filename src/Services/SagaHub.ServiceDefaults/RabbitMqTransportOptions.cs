using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults;

/// <summary>
/// Where and how a service connects to RabbitMQ (configuration section <c>RabbitMq</c>). Every key can be
/// set through environment variables as usual (<c>RabbitMq__Host</c>, <c>RabbitMq__Password</c>, ...).
/// The defaults are the local development broker of <c>scripts/infra-up.sh</c> and <c>docker/compose.yaml</c>.
/// MassTransit has a <c>MassTransit.RabbitMqTransportOptions</c> too; with both namespaces imported, name this one
/// <c>SagaHub.ServiceDefaults.RabbitMqTransportOptions</c>.
/// </summary>
public sealed class RabbitMqTransportOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "RabbitMq";

    /// <summary>The broker's host name or address (<c>RabbitMq:Host</c>).</summary>
    /// <value>Defaults to <c>127.0.0.1</c>.</value>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The broker's AMQP port (<c>RabbitMq:Port</c>), 1 to 65535.</summary>
    /// <value>Defaults to 5672.</value>
    public int Port { get; set; } = 5672;

    /// <summary>The virtual host (<c>RabbitMq:VirtualHost</c>).</summary>
    /// <value>Defaults to <c>/</c>.</value>
    public string VirtualHost { get; set; } = "/";

    /// <summary>The user name (<c>RabbitMq:Username</c>).</summary>
    /// <value>Defaults to <c>sagahub</c>.</value>
    public string Username { get; set; } = "sagahub";

    /// <summary>
    /// The password (<c>RabbitMq:Password</c>). Never logged. Anywhere but a developer machine, set it
    /// through the environment (<c>RabbitMq__Password</c>) or a secret store, not in <c>appsettings.json</c>.
    /// </summary>
    /// <value>
    /// Defaults to <c>sagahub</c>: the well-known password of the local development broker that
    /// <c>scripts/infra-up.sh</c> and <c>docker/compose.yaml</c> create. It is not a secret.
    /// </value>
    public string Password { get; set; } = "sagahub";

    /// <summary>
    /// Declare the receive queues of the configured endpoints as quorum queues (<c>RabbitMq:UseQuorumQueues</c>):
    /// replicated and durable, for a clustered broker. RabbitMQ cannot change the type of an existing queue,
    /// so switching an existing broker over means deleting the service queues first. Create the virtual host
    /// with <c>--default-queue-type quorum</c> as well: a sender to <c>queue:name</c> (SagaHub's sagas, every
    /// MassTransit <c>Send</c>) declares that queue without a type, which RabbitMQ 3.x refuses for a quorum
    /// queue (<c>PRECONDITION_FAILED</c>) unless the virtual host's default type is quorum.
    /// </summary>
    /// <value>Defaults to <see langword="false"/> (classic queues).</value>
    public bool UseQuorumQueues { get; set; }

    /// <summary>
    /// How many unacknowledged messages each receive endpoint may hold (<c>RabbitMq:PrefetchCount</c>), 1 to 65535;
    /// <see langword="null"/> for MassTransit's default.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public int? PrefetchCount { get; set; }

    /// <summary>Reads and validates the <see cref="SectionName"/> section.</summary>
    /// <param name="configuration">The application's configuration (the root, not the section).</param>
    /// <returns>The options; defaults for every missing key.</returns>
    /// <exception cref="OptionsValidationException">Values are invalid; the message names every bad key (never the password).</exception>
    public static RabbitMqTransportOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = OptionsBinding.Bind<RabbitMqTransportOptions>(configuration.GetSection(SectionName));
        var failures = options.Validate();
        return failures.Count == 0
            ? options
            : throw new OptionsValidationException(SectionName, typeof(RabbitMqTransportOptions), failures);
    }

    /// <summary>Where this connects, without the password: <c>user@host:port/vhost</c>.</summary>
    /// <returns>The connection description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Username}@{Host}:{Port}{(VirtualHost.StartsWith('/') ? string.Empty : "/")}{VirtualHost}");

    internal List<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            failures.Add($"{SectionName}:{nameof(Host)} must not be empty.");
        }

        if (Port is < 1 or > ushort.MaxValue)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(Port)} must be between 1 and 65535 (was {Port})."));
        }

        if (string.IsNullOrWhiteSpace(VirtualHost))
        {
            failures.Add($"{SectionName}:{nameof(VirtualHost)} must not be empty (\"/\" is the default virtual host).");
        }

        if (string.IsNullOrWhiteSpace(Username))
        {
            failures.Add($"{SectionName}:{nameof(Username)} must not be empty.");
        }

        if (string.IsNullOrEmpty(Password))
        {
            failures.Add($"{SectionName}:{nameof(Password)} must not be empty.");
        }

        if (PrefetchCount is < 1 or > ushort.MaxValue)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{nameof(PrefetchCount)} must be between 1 and 65535 when set (was {PrefetchCount})."));
        }

        return failures;
    }
}
