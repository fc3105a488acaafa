using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults.Tests;

public sealed class RabbitMqTransportOptionsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    [Fact]
    public void FromConfiguration_NoSection_UsesTheLocalDevelopmentBroker()
    {
        var options = RabbitMqTransportOptions.FromConfiguration(Config());

        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(5672, options.Port);
        Assert.Equal("/", options.VirtualHost);
        Assert.Equal("sagahub", options.Username);
        Assert.Equal("sagahub", options.Password);
        Assert.False(options.UseQuorumQueues);
        Assert.Null(options.PrefetchCount);
    }

    [Fact]
    public void FromConfiguration_EveryKey_IsBound()
    {
        var options = RabbitMqTransportOptions.FromConfiguration(Config(
            ("RabbitMq:Host", "rabbitmq"),
            ("RabbitMq:Port", "5673"),
            ("RabbitMq:VirtualHost", "orders"),
            ("RabbitMq:Username", "svc"),
            ("RabbitMq:Password", "s3cret"),
            ("RabbitMq:UseQuorumQueues", "true"),
            ("RabbitMq:PrefetchCount", "64")));

        Assert.Equal("rabbitmq", options.Host);
        Assert.Equal(5673, options.Port);
        Assert.Equal("orders", options.VirtualHost);
        Assert.Equal("svc", options.Username);
        Assert.Equal("s3cret", options.Password);
        Assert.True(options.UseQuorumQueues);
        Assert.Equal(64, options.PrefetchCount);
    }

    [Fact]
    public void FromConfiguration_EnvironmentVariables_AreBound()
    {
        // A prefix of its own, so no other test (nor the machine's RabbitMq__* variables) can see or spoil these.
        var prefix = $"SAGAHUB_TEST_{Guid.NewGuid():N}_";
        var variables = new Dictionary<string, string>
        {
            [prefix + "RabbitMq__Host"] = "rabbitmq",
            [prefix + "RabbitMq__Port"] = "5673",
            [prefix + "RabbitMq__Password"] = "from-env",
            [prefix + "RABBITMQ__USEQUORUMQUEUES"] = "true",
            [prefix + "Bus__Transport"] = "inmemory",
        };
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var options = RabbitMqTransportOptions.FromConfiguration(configuration);

            Assert.Equal("rabbitmq", options.Host);
            Assert.Equal(5673, options.Port);
            Assert.Equal("from-env", options.Password);
            Assert.True(options.UseQuorumQueues);
            Assert.Equal("sagahub", options.Username);
            Assert.Equal(BusTransport.InMemory, BusOptions.FromConfiguration(configuration).Transport);
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Theory]
    [InlineData("Port", "0", "RabbitMq:Port must be between 1 and 65535 (was 0)")]
    [InlineData("Port", "65536", "RabbitMq:Port must be between 1 and 65535 (was 65536)")]
    [InlineData("Port", "-1", "RabbitMq:Port must be between 1 and 65535 (was -1)")]
    [InlineData("Port", "abc", "'RabbitMq:Port'")]
    [InlineData("Host", "", "RabbitMq:Host must not be empty")]
    [InlineData("Host", "   ", "RabbitMq:Host must not be empty")]
    [InlineData("VirtualHost", "", "RabbitMq:VirtualHost must not be empty")]
    [InlineData("Username", "", "RabbitMq:Username must not be empty")]
    [InlineData("Password", "", "RabbitMq:Password must not be empty")]
    [InlineData("PrefetchCount", "0", "RabbitMq:PrefetchCount must be between 1 and 65535")]
    [InlineData("UseQuorumQueues", "sometimes", "'RabbitMq:UseQuorumQueues'")]
    public void FromConfiguration_InvalidValue_NamesTheKey(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => RabbitMqTransportOptions.FromConfiguration(Config(($"RabbitMq:{key}", value))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(RabbitMqTransportOptions), error.OptionsType);
    }

    [Fact]
    public void FromConfiguration_SeveralInvalidValues_ReportsEveryOneButNeverThePassword()
    {
        var error = Assert.Throws<OptionsValidationException>(() => RabbitMqTransportOptions.FromConfiguration(Config(
            ("RabbitMq:Host", ""),
            ("RabbitMq:Port", "70000"),
            ("RabbitMq:Password", "do-not-show-me"))));

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains("RabbitMq:Host", error.Message, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:Port", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-show-me", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_DescribesTheConnectionWithoutThePassword()
    {
        var options = new RabbitMqTransportOptions { Host = "rabbitmq", VirtualHost = "orders", Password = "do-not-show-me" };

        Assert.Equal("sagahub@rabbitmq:5672/orders", options.ToString());
        Assert.Equal("sagahub@127.0.0.1:5672/", new RabbitMqTransportOptions().ToString());
    }
}
