using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SagaHub.Tests;

/// <summary>
/// <see cref="SagaHubOptions.DispatchTimeout"/> is refused past 49 days: <c>Task.WaitAsync</c> throws for more than about
/// 49.7 days, which made every dispatch fail and left every message to the outbox sweep.
/// </summary>
public sealed class When_the_dispatch_timeout_is_set
{
    private static SagaHubOptions Options(TimeSpan timeout)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMassTransit(bus => bus.AddSagaHub(hub => hub.Configure(o => o.DispatchTimeout = timeout)));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SagaHubOptions>>().Value;
    }

    [Fact]
    public void Should_refuse_one_longer_than_task_WaitAsync_accepts()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(TimeSpan.FromDays(50)));

        Assert.Contains("DispatchTimeout at most 49 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_accept_49_days()
    {
        Assert.Equal(TimeSpan.FromDays(49), Options(TimeSpan.FromDays(49)).DispatchTimeout);
    }
}
