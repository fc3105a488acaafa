using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults.Tests;

public sealed class TelemetryOptionsTests
{
    private static TelemetryOptions Read(params (string Key, string? Value)[] values) =>
        TelemetryOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void FromConfiguration_NothingSet_RecordsMetricsOnlyAndExportsNothing()
    {
        var options = Read();

        Assert.True(options.Metrics);
        Assert.True(options.RuntimeMetrics);
        Assert.Null(options.Tracing);
        Assert.False(options.TracingEnabled);
        Assert.Null(options.OtlpEndpoint);
    }

    [Fact]
    public void FromConfiguration_OtlpEndpointSet_ExportsThereAndRecordsTraces()
    {
        var options = Read((TelemetryOptions.OtlpEndpointKey, " http://collector:4317 "));

        Assert.Equal(new Uri("http://collector:4317"), options.OtlpEndpoint);
        Assert.True(options.TracingEnabled);
    }

    [Fact]
    public void FromConfiguration_TracingOffWithAnEndpoint_ExportsMetricsOnly()
    {
        var options = Read((TelemetryOptions.OtlpEndpointKey, "http://collector:4317"), ("Telemetry:Tracing", "false"));

        Assert.NotNull(options.OtlpEndpoint);
        Assert.False(options.TracingEnabled);
        Assert.True(options.Metrics);
    }

    [Fact]
    public void FromConfiguration_TracingOnWithoutAnEndpoint_RecordsTraces()
    {
        var options = Read(("Telemetry:Tracing", "true"), ("Telemetry:Metrics", "false"), ("Telemetry:RuntimeMetrics", "false"));

        Assert.True(options.TracingEnabled);
        Assert.False(options.Metrics);
        Assert.False(options.RuntimeMetrics);
        Assert.Null(options.OtlpEndpoint);
    }

    [Theory]
    [InlineData("collector:4317")]
    [InlineData("ftp://collector:4317")]
    [InlineData("/v1/traces")]
    public void FromConfiguration_EndpointNotAnHttpUrl_NamesTheKeyButNotTheValue(string endpoint)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read((TelemetryOptions.OtlpEndpointKey, endpoint)));

        Assert.Contains(TelemetryOptions.OtlpEndpointKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(endpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_MetricsNotABoolean_NamesTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(("Telemetry:Metrics", "sometimes")));

        Assert.Contains("Telemetry:Metrics", error.Message, StringComparison.Ordinal);
    }
}
