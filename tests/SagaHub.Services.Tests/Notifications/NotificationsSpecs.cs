using SagaHub.Contracts;
using SagaHub.Contracts.Notifications;
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

public sealed class When_a_notification_is_sent : NotificationsSpec
{
    private readonly Guid _messageId = Guid.NewGuid();

    protected override async Task When()
    {
        await Service.Send(
            Queues.Notifications,
            new SendNotification(OrderId, "alice@example.com", "Your order shipped", "Tracking TRK-1."),
            context => context.MessageId = _messageId);
        await Service.Consumed<SendNotification>(m => m.ReferenceId == OrderId, count: 1);
    }

    [Fact]
    public async Task Should_record_what_it_would_send_and_when()
    {
        var sent = Assert.Single(await Log.SentAsync());
        Assert.Equal(
            new SentNotification(_messageId, OrderId, "alice@example.com", "Your order shipped", "Tracking TRK-1.", FakeTimeProvider.Start),
            sent);
        Assert.Equal([sent], await Log.ForAsync(OrderId));
    }

    [Fact]
    public void Should_log_it_with_structured_values()
    {
        var record = Assert.Single(Service.Logs.WithEventId(1400));
        Assert.Equal("alice@example.com", record.Values["Recipient"]);
        Assert.Equal("Your order shipped", record.Values["Subject"]);
        Assert.Equal(OrderId, record.Values["ReferenceId"]);
    }
}

public sealed class When_a_notification_is_delivered_twice : NotificationsSpec
{
    private readonly Guid _messageId = Guid.NewGuid();
    private readonly Guid _otherMessageId = Guid.NewGuid();

    protected override async Task When()
    {
        var message = new SendNotification(OrderId, "bob@example.com", "Refund issued", "30.00 is on its way.");
        await Service.Send(Queues.Notifications, message, context => context.MessageId = _messageId);
        await Service.Send(Queues.Notifications, message, context => context.MessageId = _messageId);
        await Service.Send(Queues.Notifications, message, context => context.MessageId = _otherMessageId);
        await Service.Logs.WaitFor(eventId: 1400, count: 2);
        await Service.Logs.WaitFor(eventId: 1401, count: 1);
    }

    [Fact]
    public async Task Should_record_it_once_per_message_id()
    {
        var ids = (await Log.SentAsync()).Select(n => n.MessageId).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Contains(_messageId, ids);
        Assert.Contains(_otherMessageId, ids);
    }

    [Fact]
    public void Should_log_the_duplicate() =>
        Assert.Equal(_messageId, Assert.Single(Service.Logs.WithEventId(1401)).Values["MessageId"]);
}

public sealed class When_the_notification_log_is_written_directly : IAsyncLifetime
{
    private StoreHost _host = null!;

    public Task InitializeAsync()
    {
        _host = StoreHost.Start(bus => bus.AddNotificationsService());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Should_keep_one_notification_per_message_id_even_at_once()
    {
        var log = _host.Get<NotificationLog>();
        var messageId = Guid.NewGuid();
        var notification = new SendNotification(Guid.NewGuid(), "carol@example.com", "Hello", "Hi.");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => log.TryRecordAsync(messageId, notification))));

        Assert.Single(results, r => r is not null);
        Assert.Single(await log.SentAsync());
    }
}
