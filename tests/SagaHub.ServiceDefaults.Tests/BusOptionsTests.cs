using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults.Tests;

public sealed class BusOptionsTests
{
    private static BusOptions Read(params (string Key, string? Value)[] values) =>
        BusOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void FromConfiguration_NoSection_UsesRabbitMqWithBoundedTimeouts()
    {
        var options = Read();

        Assert.Equal(BusTransport.RabbitMq, options.Transport);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.StopTimeout);
    }

    [Theory]
    [InlineData("RabbitMq", BusTransport.RabbitMq)]
    [InlineData("rabbitmq", BusTransport.RabbitMq)]
    [InlineData("InMemory", BusTransport.InMemory)]
    [InlineData(" inmemory ", BusTransport.InMemory)]
    public void FromConfiguration_TransportName_AnyCasing(string value, BusTransport expected)
    {
        Assert.Equal(expected, Read(("Bus:Transport", value)).Transport);
    }

    [Theory]
    [InlineData("Kafka")]
    [InlineData("1")]
    [InlineData("")]
    public void FromConfiguration_UnknownTransport_NamesTheKeyAndTheChoices(string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(("Bus:Transport", value)));

        Assert.Contains($"Bus:Transport must be RabbitMq or InMemory (was '{value}')", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StartTimeout", "00:00:00")]
    [InlineData("StopTimeout", "-00:00:01")]
    [InlineData("StartTimeout", "soon")]
    public void FromConfiguration_InvalidTimeout_NamesTheKey(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(($"Bus:{key}", value)));

        Assert.Contains($"Bus:{key}", error.Message, StringComparison.Ordinal);
    }
}
