using SagaHub.Contracts;
using SagaHub.Contracts.Notifications;

namespace SagaHub.Services.Tests.Notifications;

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
