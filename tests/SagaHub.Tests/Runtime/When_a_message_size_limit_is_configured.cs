using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Tests.Sagas;

namespace SagaHub.Tests;

public sealed class When_a_message_size_limit_is_configured
{
    [Fact]
    public void Should_default_to_256_KiB_for_sagas_and_services()
    {
        Assert.Equal(256 * 1024, new SagaEndpointOptions().MaxMessageSize);
        Assert.Equal(256 * 1024, new TestServiceOptions().MaxMessageSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Should_fail_at_registration_when_the_limit_is_not_positive(int limit)
    {
        var services = new ServiceCollection();
        var ex = Assert.Throws<SagaConfigurationException>(() =>
            services.AddMassTransit(x => x.AddSagaHub(h => h.AddSaga<TraceSaga>(o => o.MaxMessageSize = limit))));
        Assert.Contains("MaxMessageSize must be positive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_allow_no_limit()
    {
        var services = new ServiceCollection();
        services.AddMassTransit(x => x.AddSagaHub(h => h.AddSaga<TraceSaga>(o => o.MaxMessageSize = null)));
    }

    [Fact]
    public void Should_name_the_size_and_the_limit_and_never_retry()
    {
        var id = Guid.NewGuid();
        var ex = new MessageTooLargeException("order-saga", id, 5_000_000, 262_144);
        Assert.Contains("5000000 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("limit of 262144 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains(id.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(MessageTooLargeException), SagaExceptions.NeverRetried);
    }

    private sealed class TestServiceOptions : ServiceEndpointOptions
    {
        public override string QueueName => "test";
    }
}
