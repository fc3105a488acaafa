using SagaHub.Contracts;
using SagaHub.Contracts.Notifications;
using SagaHub.Notifications;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Notifications;

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
