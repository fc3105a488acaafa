using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace SagaHub.Benchmarks.Limits;

/// <summary>What the raw broker run measured.</summary>
/// <param name="Messages">Messages published and consumed.</param>
/// <param name="MessagesPerSecond">Messages / Elapsed.</param>
/// <param name="Elapsed">From the first publish to the last delivery.</param>
internal sealed record RawRabbitResult(int Messages, double MessagesPerSecond, TimeSpan Elapsed);

/// <summary>The broker and the account the raw run uses.</summary>
internal sealed record RawRabbitTarget(string Host, string VirtualHost, string UserName, string Password, int Port = 5672);

/// <summary>How the raw run publishes and consumes.</summary>
/// <param name="Messages">Messages to send through the queue.</param>
/// <param name="MessageBytes">Body size of each message.</param>
/// <param name="PublishWindow">Publishes awaiting their confirm at a time.</param>
/// <param name="Prefetch">Unacknowledged deliveries the consumer may hold (basic.qos).</param>
/// <param name="QueueName">The queue to declare and delete; a unique name when null.</param>
internal sealed record RawRabbitOptions(
    int Messages = RawRabbitOptions.DefaultMessages,
    int MessageBytes = 200,
    int PublishWindow = 256,
    ushort Prefetch = 256,
    string? QueueName = null)
{
    public const int DefaultMessages = 100_000;
}

/// <summary>
/// The broker's limit on this machine without any framework: persistent messages with publisher confirms through one
/// durable classic queue to one consumer with manual acks, measured end to end.
/// </summary>
/// <remarks>
/// The publisher and the consumer have a connection each. The publisher keeps <see cref="RawRabbitOptions.PublishWindow"/>
/// publishes in flight (each completes when the broker confirms it), so it does not wait one round trip per message.
/// The consumer acknowledges every delivery singly, like a framework's receive endpoint does.
/// </remarks>
internal static class RawRabbitMqLimit
{
    /// <summary>Declares the queue, consumes from it, publishes the messages, waits for the last delivery, deletes the queue.</summary>
    public static async Task<RawRabbitResult> RunAsync(
        RawRabbitTarget target,
        RawRabbitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new RawRabbitOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Messages, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MessageBytes, 0, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PublishWindow, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Prefetch, (ushort)1, nameof(options));
        var queue = options.QueueName ?? $"sagahub-raw-limit-{Guid.NewGuid():N}";

        var factory = new ConnectionFactory
        {
            HostName = target.Host,
            Port = target.Port,
            VirtualHost = target.VirtualHost,
            UserName = target.UserName,
            Password = target.Password,
        };
        await using var publisherConnection = await factory.CreateConnectionAsync("sagahub-raw-limit-publisher", cancellationToken);
        await using var consumerConnection = await factory.CreateConnectionAsync("sagahub-raw-limit-consumer", cancellationToken);

        await using (var setup = await publisherConnection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            var arguments = new Dictionary<string, object?> { ["x-queue-type"] = "classic" };
            await setup.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
        }

        try
        {
            return await MeasureAsync(publisherConnection, consumerConnection, queue, options, cancellationToken);
        }
        finally
        {
            await using var cleanup = await publisherConnection.CreateChannelAsync(cancellationToken: CancellationToken.None);
            await cleanup.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: CancellationToken.None);
        }
    }

    private static async Task<RawRabbitResult> MeasureAsync(
        IConnection publisherConnection,
        IConnection consumerConnection,
        string queue,
        RawRabbitOptions options,
        CancellationToken cancellationToken)
    {
        var stopwatch = new Stopwatch();
        var lastDelivery = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var delivered = 0;

        await using var consumeChannel = await consumerConnection.CreateChannelAsync(cancellationToken: cancellationToken);
        await consumeChannel.BasicQosAsync(prefetchSize: 0, prefetchCount: options.Prefetch, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(consumeChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var last = Interlocked.Increment(ref delivered) == options.Messages;
            var elapsed = stopwatch.Elapsed;
            await consumeChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, delivery.CancellationToken);
            if (last)
            {
                // Completed only after the last ack is sent, so that closing the channel settles every message.
                lastDelivery.TrySetResult(elapsed);
            }
        };
        await consumeChannel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);

        // Tracking on: each BasicPublishAsync completes when its confirm arrives (or throws on nack/return).
        // No library rate limiter: the window below is the limit.
        var channelOptions = new CreateChannelOptions(
            publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: null);
        await using var publishChannel = await publisherConnection.CreateChannelAsync(channelOptions, cancellationToken);
        var body = new byte[options.MessageBytes];
        Array.Fill(body, (byte)'x');
        var properties = new BasicProperties { Persistent = true };

        var inFlight = new Task?[options.PublishWindow];
        stopwatch.Start();
        for (var i = 0; i < options.Messages; i++)
        {
            var slot = i % inFlight.Length;
            if (inFlight[slot] is { } oldest)
            {
                await oldest;
            }

            inFlight[slot] = publishChannel
                .BasicPublishAsync(string.Empty, queue, mandatory: true, properties, body, cancellationToken)
                .AsTask();
        }

        await Task.WhenAll(inFlight.OfType<Task>());
        var elapsed = await lastDelivery.Task.WaitAsync(cancellationToken);
        return new RawRabbitResult(options.Messages, options.Messages / elapsed.TotalSeconds, elapsed);
    }
}
