using SagaHub.Contracts;
using SagaHub.ServiceDefaults;

namespace SagaHub.Notifications;

/// <summary>Settings of the notifications service (configuration section <c>Notifications</c>).</summary>
public sealed class NotificationsOptions : ServiceOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Notifications";

    /// <inheritdoc />
    public override string QueueName => Queues.Notifications;
}
