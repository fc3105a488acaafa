using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults.Tests;

/// <summary>
/// <c>UsingConfiguredTransport</c>: an unknown <c>Bus:Transport</c> fails while registering, and usage telemetry is off by
/// default (MassTransit 8.4 reports usage to the internet unless told not to; SagaHub's service processes opt out).
/// </summary>
public sealed class BusTransportExtensionsTests
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

    [Fact]
    public void UsingConfiguredTransport_UnknownTransport_FailsWhileRegistering()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Bus:Transport", "Kafka")]).Build();
        var services = new ServiceCollection();

        var error = Assert.Throws<OptionsValidationException>(() => services.AddMassTransit(x => x.UsingConfiguredTransport(configuration)));
        Assert.Contains("Bus:Transport", error.Message, StringComparison.Ordinal);
    }
}
