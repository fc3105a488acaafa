using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using SagaHub.IntegrationTests.Infrastructure;

namespace SagaHub.IntegrationTests;

/// <summary>
/// Seen from outside: a service's host failed to start after its receive endpoints had taken two commands; the host was
/// disposed under them, they faulted with <c>ObjectDisposedException: IServiceProvider</c> into <c>_error</c>, and the
/// order saga waiting for one of them parked for good. A message that fails because its process is stopping (or its
/// container is gone) now goes back to the broker: no fault, nothing in <c>_error</c>, and the next process handles it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class When_a_host_fails_with_messages_in_hand
{
    [Fact]
    public async Task Should_send_a_message_in_hand_when_the_container_is_disposed_back_to_its_queue_not_to_error()
    {
        var queue = "sagahub-requeue-test-" + Guid.NewGuid().ToString("N")[..12];
        var probe = new Probe();
        var failed = false;
        var first = Build(queue, probe, failStart: true);
        var bus = first.Services.GetRequiredService<IBusControl>();
        try
        {
            // A hosted service after the bus sends the command, waits until the consumer holds it, then fails the start.
            var start = await Assert.ThrowsAsync<InvalidOperationException>(() => first.StartAsync());
            Assert.Equal("a later hosted service failed to start", start.Message);

            // What RunAsync does after a failed start. The container is marked disposed first, then disposes its services
            // newest first: the hold is released before the bus is stopped, so the consumer fails on the disposed container
            // while its endpoint still runs — the incident's timing.
            first.Dispose();
            var error = await probe.Failure.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.IsType<ObjectDisposedException>(error);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None); // the process would exit here
        }

        try
        {
            Assert.Equal((1u, 0u), (await MessageCountAsync(queue), await MessageCountAsync(queue + "_error", missingIsEmpty: true)));

            // The next process handles it, once. (MassTransit keeps the first host's, now disposed, logger factory in an
            // AsyncLocal that flows into this test's next host; a new process starts without it.)
            LogContext.Current = null!;
            var handled = new Probe { PassThrough = true };
            using var second = Build(queue, handled, failStart: false);
            await second.StartAsync();
            try
            {
                Assert.Equal("held", await handled.Handled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            }
            finally
            {
                await second.StopAsync();
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            await DeleteQueuesAsync(queue, failed);
        }
    }

    private static IHost Build(string queue, Probe probe, bool failStart)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(probe);
        builder.Services.AddSingleton(Options.Create(new HeldOptions(queue)));
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<HeldConsumer, ServiceConsumerDefinition<HeldConsumer, HeldOptions>>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(IntegrationSettings.RabbitHost, IntegrationSettings.RabbitVirtualHost, h =>
                {
                    h.Username(IntegrationSettings.RabbitUser);
                    h.Password(IntegrationSettings.RabbitPassword);
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        if (failStart)
        {
            builder.Services.AddSingleton<ReleaseOnDispose>();
            builder.Services.AddHostedService<FailingStart>();
        }

        return builder.Build();
    }

    private static async Task<uint> MessageCountAsync(string queue, bool missingIsEmpty = false)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException) when (missingIsEmpty)
        {
            return 0;
        }
    }

    private static async Task DeleteQueuesAsync(string queue, bool keepForDiagnosis)
    {
        if (keepForDiagnosis)
        {
            return;
        }

        await using var connection = await Factory().CreateConnectionAsync();
        foreach (var name in new[] { queue, queue + "_error", queue + "_skipped" })
        {
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(name);
            await channel.ExchangeDeleteAsync(name);
        }
    }

    private static ConnectionFactory Factory() => new()
    {
        HostName = IntegrationSettings.RabbitHost,
        VirtualHost = IntegrationSettings.RabbitVirtualHost,
        UserName = IntegrationSettings.RabbitUser,
        Password = IntegrationSettings.RabbitPassword,
    };

    public sealed class HeldOptions(string queue) : ServiceEndpointOptions
    {
        public override string QueueName => queue;
    }

    public sealed class Probe
    {
        public bool PassThrough { get; init; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<Exception> Failure { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> Handled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Holds its message until released, then needs a service from its container, as every consumer does.</summary>
    public sealed class HeldConsumer(Probe probe, IServiceProvider services) : IConsumer<HeldCommand>
    {
        public async Task Consume(ConsumeContext<HeldCommand> context)
        {
            if (!probe.PassThrough)
            {
                probe.Entered.TrySetResult();
                await probe.Release.Task;
            }

            try
            {
                await using var scope = services.CreateAsyncScope();
                _ = scope.ServiceProvider.GetRequiredService<IOptions<HeldOptions>>();
            }
            catch (Exception ex)
            {
                probe.Failure.TrySetResult(ex);
                throw;
            }

            probe.Handled.TrySetResult(context.Message.Text);
        }
    }

    /// <summary>Resolved after the bus, so disposed before it: releases the held message while the bus still consumes.</summary>
    public sealed class ReleaseOnDispose(Probe probe) : IDisposable
    {
        public void Dispose()
        {
            probe.Release.TrySetResult();
            probe.Failure.Task.Wait(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>A hosted service after the bus: sends the command, waits until it is held, then fails the host's start.</summary>
    public sealed class FailingStart(ISendEndpointProvider send, Probe probe, IOptions<HeldOptions> options, ReleaseOnDispose release) : IHostedService
    {
        private readonly ReleaseOnDispose keepsTheHold = release;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var endpoint = await send.GetSendEndpoint(new Uri($"queue:{options.Value.QueueName}"));
            await endpoint.Send(new HeldCommand("held"), cancellationToken);
            await probe.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            GC.KeepAlive(keepsTheHold);
            throw new InvalidOperationException("a later hosted service failed to start");
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
