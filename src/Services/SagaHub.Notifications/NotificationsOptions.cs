namespace SagaHub.Notifications;

/// <summary>Settings of the notifications service (configuration section <c>Notifications</c>).</summary>
public sealed class NotificationsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Notifications";

    /// <summary>Retry of the <c>notifications</c> queue's consumers.</summary>
    /// <value>Defaults to <see cref="RetryOptions"/>' defaults.</value>
    public RetryOptions Retry { get; set; } = new();
}
