using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using SagaHub.ServiceDefaults.Tests.Infrastructure;

namespace SagaHub.ServiceDefaults.Tests;

public sealed class SagaHubServiceHostTests
{
    [Fact]
    public void CreateBuilder_BusSectionAddedLater_SetsTheMassTransitHostOptions()
    {
        var builder = SagaHubServiceHost.CreateBuilder([], TestHost.ServiceName);
        builder.Configuration.AddInMemoryCollection([new("Bus:StartTimeout", "00:00:07"), new("Bus:StopTimeout", "00:00:04")]);
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<MassTransitHostOptions>>().Value;

        Assert.True(options.WaitUntilStarted);
        Assert.Equal(TimeSpan.FromSeconds(7), options.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), options.StopTimeout);
    }

    [Fact]
    public void CreateBuilder_InvalidBusSection_FailsWithTheKey()
    {
        var builder = SagaHubServiceHost.CreateBuilder([], TestHost.ServiceName);
        builder.Configuration.AddInMemoryCollection([new("Bus:StartTimeout", "00:00:00")]);
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<MassTransitHostOptions>>().Value);
        Assert.Contains("Bus:StartTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateBuilder_LogsToTheConsoleOnly_OneLinePerEntryWithTimestamps()
    {
        using var host = SagaHubServiceHost.CreateBuilder([], TestHost.ServiceName).Build();

        var provider = Assert.Single(host.Services.GetServices<ILoggerProvider>());
        Assert.IsType<ConsoleLoggerProvider>(provider);
        var console = host.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;
        Assert.True(console.SingleLine);
        Assert.True(console.UseUtcTimestamp);
        Assert.False(string.IsNullOrEmpty(console.TimestampFormat));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void CreateBuilder_NoServiceName_Throws(string serviceName)
    {
        Assert.Throws<ArgumentException>(() => SagaHubServiceHost.CreateBuilder([], serviceName));
    }

    [Fact]
    public async Task InMemoryTransport_Starts_HealthyLogsItAndDeliversMessages()
    {
        var logs = new CapturingLoggerProvider();
        var queue = TestHost.UniqueQueue("in-memory");
        using var host = TestHost.Build(new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory" }, queue, logs);

        await host.StartAsync();
        try
        {
            var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.True(health.Status == HealthStatus.Healthy, string.Join("; ", health.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description}")));
            Assert.Contains(health.Entries.Keys, name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));

            await TestHost.RoundTripAsync(host, new Uri($"queue:{queue}"));
        }
        finally
        {
            await host.StopAsync();
        }

        var transport = Assert.Single(logs.Logs, log => log.EventId.Id == 1001);
        Assert.Equal($"{TestHost.ServiceName}: bus on the in-memory transport (messages never leave this process)", transport.Message);
    }
}
