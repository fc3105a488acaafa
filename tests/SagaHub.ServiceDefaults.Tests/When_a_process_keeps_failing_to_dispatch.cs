using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SagaHub.ServiceDefaults.Tests.Infrastructure;

namespace SagaHub.ServiceDefaults.Tests;

/// <summary>
/// After a RabbitMQ restart, MassTransit 8.4 kept failing sends on dead channels and never recovered (the fault suite's
/// rabbitmq-restart); a process whose dispatch keeps failing now says so in its health and stops, so that its
/// supervisor starts a fresh one.
/// </summary>
[Collection(nameof(ExitCodeCollection))]
public sealed class When_a_process_keeps_failing_to_dispatch
{
    [Fact]
    public async Task Should_stop_the_process_with_exit_code_70()
    {
        var health = new DispatchHealth();
        using var host = Build(health, "00:00:00.200");
        health.Failed(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1));
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        try
        {
            await host.StartAsync();
            await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(BusWatchdog.StuckExitCode, Environment.ExitCode);
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("live"));
            Assert.Equal(HealthStatus.Unhealthy, report.Entries["bus-dispatch"].Status);
        }
        finally
        {
            Environment.ExitCode = 0;
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Should_be_healthy_again_after_a_success()
    {
        var health = new DispatchHealth();
        using var host = Build(health, "00:00:00.200", exit: false);
        health.Failed(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1));
        var checks = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Unhealthy, (await checks.CheckHealthAsync(r => r.Name == "bus-dispatch")).Status);

        health.Succeeded();

        Assert.Equal(HealthStatus.Healthy, (await checks.CheckHealthAsync(r => r.Name == "bus-dispatch")).Status);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void Should_refuse_a_StuckAfter_that_is_not_positive(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Bus:StuckAfter", value)]).Build();

        var error = Assert.Throws<OptionsValidationException>(() => BusOptions.FromConfiguration(configuration));

        Assert.Contains("Bus:StuckAfter must be positive", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(DispatchHealth health, string stuckAfter, bool exit = true)
    {
        var builder = SagaHubServiceHost.CreateBuilder([], TestHost.ServiceName);
        builder.Configuration.AddInMemoryCollection([new("Bus:Transport", "InMemory"), new("Bus:StuckAfter", stuckAfter), new("Bus:ExitWhenStuck", exit ? "true" : "false")]);
        builder.Services.Replace(ServiceDescriptor.Singleton(health));
        builder.Services.AddMassTransit(x => x.UsingConfiguredTransport(builder.Configuration));
        return builder.Build();
    }
}
