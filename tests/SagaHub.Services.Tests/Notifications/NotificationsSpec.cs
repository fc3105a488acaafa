using SagaHub.Notifications;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Notifications;

/// <summary>Starts the notifications service.</summary>
public abstract class NotificationsSpec : IAsyncLifetime
{
    protected ServiceHarness Service { get; private set; } = null!;

    protected NotificationLog Log => Service.Get<NotificationLog>();

    protected Guid OrderId { get; } = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        Service = await ServiceHarness.Start(bus => bus.AddNotificationsService());
        await When();
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();

    protected abstract Task When();
}
