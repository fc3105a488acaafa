using MassTransit;
using MassTransit.Util;

namespace SagaHub.Benchmarks.Micro.TransportFree;

/// <summary>
/// A send endpoint that keeps only the last message handed to it and counts them: no send context, no
/// serialization, no transport. One instance per destination; <see cref="Address"/> is null for publishes.
/// </summary>
/// <param name="address">The destination, or null for the publish endpoint.</param>
/// <param name="sink">Where every endpoint reports what it got.</param>
internal sealed class CapturingSendEndpoint(Uri? address, CapturedMessages sink) : ISendEndpoint
{
    public Uri? Address { get; } = address;

    public Task Send<T>(T message, CancellationToken cancellationToken = default)
        where T : class => Capture(message);

    public Task Send<T>(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default)
        where T : class => Capture(message);

    public Task Send<T>(T message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default)
        where T : class => Capture(message);

    public Task Send(object message, CancellationToken cancellationToken = default) => Capture(message);

    public Task Send(object message, Type messageType, CancellationToken cancellationToken = default) => Capture(message);

    public Task Send(object message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) => Capture(message);

    public Task Send(object message, Type messageType, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) => Capture(message);

    public Task Send<T>(object values, CancellationToken cancellationToken = default)
        where T : class => Capture(values);

    public Task Send<T>(object values, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default)
        where T : class => Capture(values);

    public Task Send<T>(object values, IPipe<SendContext> pipe, CancellationToken cancellationToken = default)
        where T : class => Capture(values);

    public ConnectHandle ConnectSendObserver(ISendObserver observer) => new EmptyConnectHandle();

    private Task Capture(object message)
    {
        sink.Add(Address, message);
        return Task.CompletedTask;
    }
}

/// <summary>What the capturing endpoints got: how many messages, and the last one with its destination.</summary>
internal sealed class CapturedMessages
{
    public int Count { get; private set; }

    public Uri? LastAddress { get; private set; }

    public object? Last { get; private set; }

    public void Add(Uri? address, object message)
    {
        Count++;
        LastAddress = address;
        Last = message;
    }
}
