using SagaHub.Contracts.Notifications;
using SagaHub.Notifications;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Notifications;

/// <summary>The notification log on its database (SQLite in a temp file), without a bus.</summary>
public sealed class NotificationLogTests : IAsyncLifetime
{
    private StoreHost _host = null!;

    public Task InitializeAsync()
    {
        _host = StoreHost.Start(bus => bus.AddNotificationsService());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TryRecord_SameMessageIdTenTimesAtOnce_RecordsOneNotification()
    {
        var log = _host.Get<NotificationLog>();
        var messageId = Guid.NewGuid();
        var notification = new SendNotification(Guid.NewGuid(), "carol@example.com", "Hello", "Hi.");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => log.TryRecordAsync(messageId, notification))));

        Assert.Single(results, r => r is not null);
        Assert.Single(await log.SentAsync());
    }
}
