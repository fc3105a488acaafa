using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SagaHub.ServiceDefaults.Tests.Infrastructure;

namespace SagaHub.ServiceDefaults.Tests;

/// <summary>A service host with <c>Faults:DuplicateDeliveries</c> on delivers every message twice, and once without it.</summary>
public sealed class When_deliveries_are_duplicated
{
    [Fact]
    public async Task Should_deliver_every_message_twice_with_its_message_id_and_the_copy_marked()
    {
        var (host, deliveries, queue) = Build(duplicate: true);
        using var _ = host;
        await host.StartAsync();
        try
        {
            var sent = await SendAsync(host, queue, 2);
            var seen = await deliveries.WaitForAsync(4);

            foreach (var messageId in sent)
            {
                var copies = seen.Where(d => d.MessageId == messageId).ToList();
                Assert.Equal(2, copies.Count);
                Assert.Single(copies, d => d.Copy);
                Assert.Single(copies.Select(d => d.Id).Distinct());
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Should_deliver_each_message_once_without_the_setting()
    {
        var (host, deliveries, queue) = Build(duplicate: false);
        using var _ = host;
        await host.StartAsync();
        try
        {
            // One consumer at a time on a FIFO queue: a copy of the first would be queued behind the second.
            var sent = await SendAsync(host, queue, 1);
            var last = await SendAsync(host, queue, 1);
            await deliveries.WaitForAsync(2);
            await deliveries.WaitForAsync(d => d.MessageId == last[0]);

            Assert.Single(deliveries.All, d => d.MessageId == sent[0]);
            Assert.DoesNotContain(deliveries.All, d => d.Copy);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static (IHost Host, Deliveries Deliveries, string Queue) Build(bool duplicate)
    {
        var queue = TestHost.UniqueQueue("duplicates");
        var builder = SagaHubServiceHost.CreateBuilder([], TestHost.ServiceName);
        builder.Configuration.AddInMemoryCollection([new("Bus:Transport", "InMemory"), new("Faults:DuplicateDeliveries", duplicate ? "true" : "false")]);
        var deliveries = new Deliveries();
        builder.Services.AddSingleton(deliveries);
        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<RecordingConsumer>().Endpoint(e =>
            {
                e.Name = queue;
                e.ConcurrentMessageLimit = 1;
                e.ConfigureConsumeTopology = false;
            });
            x.UsingConfiguredTransport(builder.Configuration);
        });
        return (builder.Build(), deliveries, queue);
    }

    private static async Task<Guid[]> SendAsync(IHost host, string queue, int count)
    {
        var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{queue}"));
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            var messageId = ids[i] = Guid.NewGuid();
            await endpoint.Send(new Ping(Guid.NewGuid()), c => c.MessageId = messageId);
        }

        return ids;
    }

    private sealed record Delivery(Guid? MessageId, Guid Id, bool Copy);

    private sealed class Deliveries
    {
        private readonly ConcurrentQueue<Delivery> all = new();
        private readonly SemaphoreSlim arrived = new(0);

        public IReadOnlyList<Delivery> All => [.. all];

        public void Add(Delivery delivery)
        {
            all.Enqueue(delivery);
            arrived.Release();
        }

        public Task<IReadOnlyList<Delivery>> WaitForAsync(int count) => WaitUntilAsync(() => all.Count >= count);

        public Task<IReadOnlyList<Delivery>> WaitForAsync(Func<Delivery, bool> any) => WaitUntilAsync(() => all.Any(any));

        // Wakes on every delivery; 30 s bound so a missing one fails the test instead of hanging it.
        private async Task<IReadOnlyList<Delivery>> WaitUntilAsync(Func<bool> done)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!done())
            {
                await arrived.WaitAsync(timeout.Token);
            }

            return All;
        }
    }

    private sealed class RecordingConsumer(Deliveries deliveries) : IConsumer<Ping>
    {
        public Task Consume(ConsumeContext<Ping> context)
        {
            deliveries.Add(new(context.MessageId, context.Message.Id, context.Headers.TryGetHeader(DuplicateDeliveryFilter<Ping>.CopyHeader, out _)));
            return Task.CompletedTask;
        }
    }
}
