using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SagaHub.Benchmarks.Tests.Peers;

/// <summary>One peer and the fake services on MassTransit's in-memory test harness.</summary>
internal sealed class PeerHarness : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private PeerHarness(ServiceProvider provider)
    {
        this.provider = provider;
        Bus = provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Bus { get; }

    public IServiceProvider Services => provider;

    public static async Task<PeerHarness> StartAsync(Action<IBusRegistrationConfigurator> peer)
    {
        var provider = new ServiceCollection()
            .AddMassTransitTestHarness(x =>
            {
                peer(x);
                x.AddFakeServices();
            })
            .BuildServiceProvider(validateScopes: true);
        var harness = new PeerHarness(provider);
        await harness.Bus.Start();
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.Stop();
        await provider.DisposeAsync();
    }
}
