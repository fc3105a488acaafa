namespace SagaHub.Management.RabbitMq;

/// <summary>Where the dead-letter queues are (the broker, its virtual host) and which source queues they belong to.</summary>
/// <remarks>The password is never logged, nor shown by <see cref="ToString"/>.</remarks>
public sealed class RabbitMqDeadLetterOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "SagaHubManagement:RabbitMq";

    /// <summary>The broker's host name.</summary>
    /// <value>Defaults to <c>localhost</c>.</value>
    public string Host { get; set; } = "localhost";

    /// <summary>The broker's AMQP port.</summary>
    /// <value>Defaults to 5672.</value>
    public int Port { get; set; } = 5672;

    /// <summary>The virtual host of the endpoints.</summary>
    /// <value>Defaults to <c>/</c>.</value>
    public string VirtualHost { get; set; } = "/";

    /// <summary>The user to connect as.</summary>
    /// <value>Defaults to RabbitMQ's <c>guest</c>.</value>
    public string UserName { get; set; } = "guest";

    /// <summary>The user's password.</summary>
    /// <value>Defaults to RabbitMQ's <c>guest</c>.</value>
    public string Password { get; set; } = "guest";

    /// <summary>Source queues whose <c>_error</c> and <c>_skipped</c> queues are served besides the host's sagas' (the services' queues).</summary>
    public IList<string> Queues { get; } = [];

    /// <summary>Whether the queues of the host's sagas (<see cref="ISagaRegistry"/>) are served.</summary>
    /// <value>Defaults to true.</value>
    public bool IncludeSagaQueues { get; set; } = true;

    /// <summary>The most messages of one queue a replay or delete looks through for its ids.</summary>
    /// <value>Defaults to 10000.</value>
    public int MaxScan { get; set; } = 10_000;

    /// <summary>How long a replay waits for the broker to confirm one message.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting to the broker may take.</summary>
    /// <value>Defaults to 10 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="InvalidOperationException">A setting is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host) || Port is < 1 or > 65535 || string.IsNullOrEmpty(VirtualHost) || string.IsNullOrEmpty(UserName))
        {
            throw new InvalidOperationException($"{SectionName}: Host, a Port from 1 to 65535, VirtualHost and UserName are required.");
        }

        if (MaxScan < 1 || ConfirmTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}: MaxScan must be at least 1, ConfirmTimeout and ConnectTimeout above zero.");
        }
    }

    /// <summary>The broker address without the password.</summary>
    /// <returns><c>amqp://user@host:port/vhost</c>.</returns>
    public override string ToString() => $"amqp://{UserName}@{Host}:{Port}/{Uri.EscapeDataString(VirtualHost)}";
}
