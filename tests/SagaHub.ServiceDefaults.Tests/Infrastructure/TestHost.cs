using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SagaHub.ServiceDefaults.Tests.Infrastructure;

/// <summary>Service hosts as the service programs build them, with test settings on top.</summary>
public static class TestHost
{
    public const string ServiceName = "servicedefaults-tests";

    /// <summary>
    /// A host from <see cref="SagaHubServiceHost.CreateBuilder"/> with <paramref name="settings"/>, a
    /// <see cref="PingConsumer"/> on <paramref name="queue"/> (durable, like a service's) and
    /// <see cref="BusTransportExtensions.UsingConfiguredTransport"/>. With <paramref name="logs"/>, every log
    /// call at every level is captured.
    /// </summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> settings, string queue, CapturingLoggerProvider? logs = null)
    {
        var builder = SagaHubServiceHost.CreateBuilder([], ServiceName);
        builder.Configuration.AddInMemoryCollection(settings);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        builder.Services.AddSingleton<PingReceived>();
        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<PingConsumer>().Endpoint(e =>
            {
                e.Name = queue;
                e.ConfigureConsumeTopology = false; // sent to the queue, never published: runs cannot see each other's messages
            });
            x.UsingConfiguredTransport(builder.Configuration);
        });
        return builder.Build();
    }

    /// <summary>A queue name no other test run uses.</summary>
    public static string UniqueQueue(string purpose) => $"sagahub-test-{purpose}-{Guid.NewGuid():N}";

    /// <summary>Sends a ping to <paramref name="destination"/> and waits until the consumer has it; bounded either way.</summary>
    public static async Task RoundTripAsync(IHost host, Uri destination)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ping = new Ping(Guid.NewGuid());
        var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(destination);
        await endpoint.Send(ping, timeout.Token); // MassTransit retries a failing send until the token says stop

        var received = await host.Services.GetRequiredService<PingReceived>().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ping.Id, received.Id);
    }
}
