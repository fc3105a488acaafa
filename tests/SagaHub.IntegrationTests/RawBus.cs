using System.Text;
using MassTransit;
using RabbitMQ.Client;
using SagaHub.Faults.BadInput;

namespace SagaHub.IntegrationTests;

/// <summary>Raw AMQP: publish bytes to a queue, take one message (by id) from a queue.</summary>
public static class RawBus
{
    public const string IdHeader = BadBusMessages.IdHeader;

    public static async Task PublishAsync(IConnection connection, string queue, Guid messageId, byte[] body)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            ContentType = "application/vnd.masstransit+json",
            Persistent = true,
            Headers = new Dictionary<string, object?> { [IdHeader] = messageId.ToString() },
        };
        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, body);
    }

    /// <summary>
    /// Finds the message with the id in the queue (and takes it, unless told not to), waiting up to 10 s. Callers first
    /// wait for the host to be done with the message (<see cref="ReceiveWatcher"/>), but MassTransit may tell its
    /// receive observers of a fault before its move to the error queue is visible on the broker; there is no other
    /// signal for that, so this polls the live broker, with a bounded deadline.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string?>?> FindAsync(IConnection connection, string queue, Guid messageId, bool take = true)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (await TakeAsync(connection, queue, messageId, take) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>
    /// Takes the message with the id from the queue (one pass of basic.get, no waiting); others stay unacknowledged
    /// and go back when the channel closes. Null when it is not there, or the queue does not exist.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string?>?> TakeAsync(IConnection connection, string queue, Guid messageId, bool take = true)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null; // no such queue: nothing ever ended there
        }

        while (await channel.BasicGetAsync(queue, autoAck: false) is { } delivery)
        {
            var headers = (delivery.BasicProperties.Headers ?? new Dictionary<string, object?>())
                .ToDictionary(h => h.Key, h => h.Value is byte[] b ? Encoding.UTF8.GetString(b) : h.Value?.ToString());
            if (headers.GetValueOrDefault(IdHeader) == messageId.ToString() || delivery.BasicProperties.MessageId == messageId.ToString())
            {
                if (take)
                {
                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                }

                return headers;
            }
        }

        return null;
    }
}
