using SagaHub.Contracts;

namespace SagaHub.Notifications;

/// <summary>Settings of the notifications service (configuration section <c>Notifications</c>).</summary>
public sealed class NotificationsOptions : ServiceEndpointOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Notifications";

    /// <inheritdoc />
    public override string QueueName => Queues.Notifications;

}
