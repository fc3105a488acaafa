using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using SagaHub.IntegrationTests;
using SagaHub.IntegrationTests.Infrastructure;

namespace SagaHub.Management.RabbitMq.Tests.Support;

/// <summary>
/// A RabbitMQ virtual host of the test's own with a MassTransit bus consuming <see cref="DoWork"/> on <c>work-saga</c> (WorkSaga's
/// queue) and <c>work</c> (a service's), failing while <see cref="Failing"/> is set, and the dead-letter queues over it.
/// </summary>
public sealed class DeadLetterWorld : IAsyncDisposable
{
    public const string SagaQueue = "work-saga";

    public const string ServiceQueue = "work";

    /// <summary>A source queue that is configured but never declared: a replay to it is returned unroutable.</summary>
    public const string GhostQueue = "ghost";

    public const string Failure = "the printer is out of paper";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<ReceivedWork>> received = new();

    private IBusControl bus = null!;

    private ServiceProvider services = null!;

    private DeadLetterWorld(string virtualHost) => VirtualHost = virtualHost;

    public string VirtualHost { get; }

    /// <summary>Whether the consumers throw.</summary>
    public bool Failing { get; set; } = true;

    public IConnection Rabbit { get; private set; } = null!;

    public IDeadLetterQueues DeadLetters => services.GetRequiredService<IDeadLetterQueues>();

    public static async Task<DeadLetterWorld> StartAsync()
    {
        var world = new DeadLetterWorld($"sagahub-dl-{Guid.NewGuid():N}"[..26]);
        await RabbitVirtualHost.CreateAsync(world.VirtualHost);
        world.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(IntegrationSettings.RabbitHost, 5672, world.VirtualHost, h =>
            {
                h.Username(IntegrationSettings.RabbitUser);
                h.Password(IntegrationSettings.RabbitPassword);
            });
            cfg.ReceiveEndpoint(SagaQueue, e => e.Handler<DoWork>(world.HandleAsync));
            cfg.ReceiveEndpoint(ServiceQueue, e => e.Handler<DoWork>(world.HandleAsync));
        });
        await world.bus.StartAsync(new CancellationTokenSource(Patience).Token);
        world.Rabbit = await new ConnectionFactory
        {
            HostName = IntegrationSettings.RabbitHost,
            VirtualHost = world.VirtualHost,
            UserName = IntegrationSettings.RabbitUser,
            Password = IntegrationSettings.RabbitPassword,
        }.CreateConnectionAsync();
        world.services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<ISagaRegistry>(new WorkSagaRegistry())
            .AddSagaHubRabbitMqDeadLetters(o =>
            {
                o.Host = IntegrationSettings.RabbitHost;
                o.VirtualHost = world.VirtualHost;
                o.UserName = IntegrationSettings.RabbitUser;
                o.Password = IntegrationSettings.RabbitPassword;
                o.Queues.Add(ServiceQueue);
                o.Queues.Add(GhostQueue);
            })
            .BuildServiceProvider();
        return world;
    }

    /// <summary>Sends a DoWork to the queue, as a saga's outbox would when <paramref name="sagaId"/> is given (correlation id and SagaHub-Saga header).</summary>
    public async Task<Guid> SendAsync(string queue, string note, Guid? sagaId = null)
    {
        var id = Guid.NewGuid();
        var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(new DoWork(id, note), c =>
        {
            if (sagaId is { } saga)
            {
                c.CorrelationId = saga;
                c.Headers.Set("SagaHub-Saga", "WorkSaga");
            }
        });
        return id;
    }

    public async Task SendUnhandledAsync(string queue)
    {
        var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(new UnhandledWork(Guid.NewGuid()));
    }

    /// <summary>Sends <paramref name="count"/> DoWork to the queue and waits until they are all in its <c>_error</c> queue.</summary>
    public async Task<List<Guid>> FaultAsync(string queue, int count)
    {
        var before = await DepthAsync(queue + "_error") ?? 0;
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await SendAsync(queue, $"job {i + 1}"));
        }

        await WaitForDepthAsync(queue + "_error", (int)before + count);
        return ids;
    }

    /// <summary>What the consumer got of the work, once it has handled it without failing.</summary>
    public Task<ReceivedWork> ReceivedAsync(Guid workId) => Signal(workId).Task.WaitAsync(Patience);

    /// <summary>The ready messages of the queue; null when it does not exist.</summary>
    public async Task<uint?> DepthAsync(string queue)
    {
        await using var channel = await Rabbit.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    /// <summary>Polls the queue's depth until it is <paramref name="depth"/>, for at most 30 s (MassTransit gives no signal when its move to <c>_error</c> is visible).</summary>
    public async Task WaitForDepthAsync(string queue, int depth)
    {
        var deadline = DateTime.UtcNow + Patience;
        uint? now;
        while ((now = await DepthAsync(queue)) != depth)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{queue} holds {now?.ToString() ?? "nothing (no such queue)"} messages, not {depth}");
            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Rabbit.DisposeAsync();
        await bus.StopAsync(new CancellationTokenSource(Patience).Token);
        await RabbitVirtualHost.DeleteAsync(VirtualHost);
    }

    private Task HandleAsync(ConsumeContext<DoWork> context)
    {
        if (Failing)
        {
            throw new InvalidOperationException($"work {context.Message.WorkId} failed: {Failure}");
        }

        // The AMQP headers (the envelope's own headers are context.Headers).
        var transport = context.ReceiveContext.TransportHeaders;
        Signal(context.Message.WorkId).TrySetResult(new ReceivedWork(
            context.Message,
            transport.Get<string>("SagaHub-Replayed-By"),
            transport.Get<string>("SagaHub-Replay-Reason"),
            [.. transport.GetAll().Select(h => h.Key)]));
        return Task.CompletedTask;
    }

    private TaskCompletionSource<ReceivedWork> Signal(Guid workId) =>
        received.GetOrAdd(workId, _ => new TaskCompletionSource<ReceivedWork>(TaskCreationOptions.RunContinuationsAsynchronously));
}
