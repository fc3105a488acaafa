using System.Collections.Concurrent;
using System.Net.Mime;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using MassTransit.Util;

namespace SagaHub.Benchmarks.Micro.TransportFree;

/// <summary>
/// A receive context without a transport: its send and publish endpoints are
/// <see cref="CapturingSendEndpoint"/>s (one per address, made once), everything else is empty.
/// Plays the part of the receive endpoint; one is shared by every raise.
/// </summary>
internal sealed class CapturingReceiveContext : BasePipeContext, ReceiveContext, ISendEndpointProvider, IPublishEndpointProvider
{
    private static readonly ContentType Json = new("application/vnd.masstransit+json");
    private readonly ConcurrentDictionary<Uri, Task<ISendEndpoint>> endpoints = new();
    private readonly Task<ISendEndpoint> publish;

    public CapturingReceiveContext(Uri inputAddress)
    {
        InputAddress = inputAddress;
        publish = Task.FromResult<ISendEndpoint>(new CapturingSendEndpoint(null, Captured));
    }

    public CapturedMessages Captured { get; } = new();

    public TimeSpan ElapsedTime => TimeSpan.Zero;

    public Uri InputAddress { get; }

    public ContentType ContentType => Json;

    public bool Redelivered => false;

    public Headers TransportHeaders => EmptyHeaders.Instance;

    public Task ReceiveCompleted => Task.CompletedTask;

    public bool IsDelivered => false;

    public bool IsFaulted => false;

    public ISendEndpointProvider SendEndpointProvider => this;

    public IPublishEndpointProvider PublishEndpointProvider => this;

    public bool PublishFaults => false;

    public MessageBody Body => EmptyMessageBody.Instance;

    public Task NotifyConsumed<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task NotifyFaulted<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task NotifyFaulted(Exception exception) => Task.CompletedTask;

    public void AddReceiveTask(Task task)
    {
    }

    public Task<ISendEndpoint> GetSendEndpoint(Uri address) =>
        endpoints.GetOrAdd(address, a => Task.FromResult<ISendEndpoint>(new CapturingSendEndpoint(a, Captured)));

    public Task<ISendEndpoint> GetPublishSendEndpoint<T>()
        where T : class => publish;

    public ConnectHandle ConnectSendObserver(ISendObserver observer) => new EmptyConnectHandle();

    public ConnectHandle ConnectPublishObserver(IPublishObserver observer) => new EmptyConnectHandle();
}
