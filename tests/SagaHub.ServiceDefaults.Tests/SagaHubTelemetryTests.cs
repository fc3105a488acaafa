using MassTransit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SagaHub.ServiceDefaults.Tests.Infrastructure;

namespace SagaHub.ServiceDefaults.Tests;

/// <summary>What <see cref="SagaHubServiceHost.CreateBuilder"/> registers of OpenTelemetry, by configuration.</summary>
public sealed class SagaHubTelemetryTests
{
    [Fact]
    public void CreateBuilder_NothingConfigured_RecordsMetricsButNoTraces()
    {
        using var host = SagaHubServiceHost.CreateBuilder([], TestHost.ServiceName).Build();

        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void CreateBuilder_MetricsOff_RegistersNoOpenTelemetry()
    {
        using var host = SagaHubServiceHost.CreateBuilder(["--Telemetry:Metrics=false"], TestHost.ServiceName).Build();

        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void CreateBuilder_OtlpEndpoint_RecordsTracesUnderTheServiceName()
    {
        using var host = SagaHubServiceHost.CreateBuilder([$"--{TelemetryOptions.OtlpEndpointKey}=http://127.0.0.1:4317"], TestHost.ServiceName).Build();

        var tracer = host.Services.GetRequiredService<TracerProvider>();
        var resource = tracer.GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal(TestHost.ServiceName, resource["service.name"]);
        Assert.Equal(SagaHubTelemetry.ServiceNamespace, resource["service.namespace"]);
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void CreateBuilder_Always_LabelsMassTransitMetricsWithTheServiceName()
    {
        using var host = SagaHubServiceHost.CreateBuilder([], TestHost.ServiceName).Build();

        Assert.Equal(TestHost.ServiceName, host.Services.GetRequiredService<IOptions<InstrumentationOptions>>().Value.ServiceName);
    }

    [Fact]
    public void CreateBuilder_InvalidOtlpEndpoint_FailsNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SagaHubServiceHost.CreateBuilder([$"--{TelemetryOptions.OtlpEndpointKey}=collector:4317"], TestHost.ServiceName));

        Assert.Contains(TelemetryOptions.OtlpEndpointKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OtlpEndpointWithCredentials_LogsSchemeHostAndPortOnly()
    {
        var logs = new CapturingLoggerProvider();
        var builder = SagaHubServiceHost.CreateBuilder([$"--{TelemetryOptions.OtlpEndpointKey}=https://user:s3cret-pw@collector.example:4318/otlp?token=t0ken"], TestHost.ServiceName);
        builder.Logging.AddProvider(logs);
        using var host = builder.Build();

        // Only the telemetry line's service: starting the whole host would start a bus and export to that collector.
        var log = Assert.Single(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "TelemetryLog");
        await log.StartAsync(CancellationToken.None);

        var line = Assert.Single(logs.Logs, l => l.EventId.Id == 1005);
        Assert.Equal($"{TestHost.ServiceName}: metrics True, traces True, OTLP export https://collector.example:4318", line.Message);
        Assert.DoesNotContain("s3cret-pw", logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ken", logs.AllText, StringComparison.Ordinal);
    }
}
