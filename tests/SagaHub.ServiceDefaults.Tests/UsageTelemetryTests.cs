using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults.Tests;

/// <summary>MassTransit 8.4 reports usage to the internet unless told not to; SagaHub's service processes opt out by default.</summary>
public sealed class UsageTelemetryTests
{
    private static UsageTelemetryOptions Registered(params (string Key, string? Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Bus:Transport", "InMemory"), .. values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))])
            .Build();
        var services = new ServiceCollection();
        services.AddMassTransit(x => x.UsingConfiguredTransport(configuration));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;
    }

    [Fact]
    public void UsingConfiguredTransport_ByDefault_TurnsUsageTelemetryOff() => Assert.False(Registered().Enabled);

    [Fact]
    public void UsingConfiguredTransport_UsageTelemetryTrue_LeavesItOn() => Assert.True(Registered(("Bus:UsageTelemetry", "true")).Enabled);
}
