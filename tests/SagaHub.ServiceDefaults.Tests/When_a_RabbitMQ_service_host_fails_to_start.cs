using System.Net;
using System.Net.Sockets;
using SagaHub.ServiceDefaults.Tests.Infrastructure;

namespace SagaHub.ServiceDefaults.Tests;

public sealed class When_a_RabbitMQ_service_host_fails_to_start
{
    /// <summary>
    /// Builds and starts a RabbitMQ service host whose password is unique, capturing every log call at every
    /// level (the start fails within the short start timeout), and checks that the password appears nowhere:
    /// not in a message, a structured value, a scope, an exception, nor in the error the start failed with.
    /// </summary>
    internal static async Task<CapturingLoggerProvider> StartAndAssertThePasswordIsNeverLogged(int port)
    {
        var password = $"pw-{Guid.NewGuid():N}";
        var logs = new CapturingLoggerProvider();
        var settings = new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:Password"] = password,
            ["Bus:StartTimeout"] = "00:00:03",
            ["Bus:StopTimeout"] = "00:00:03",
        };
        Exception? startError = null;
        using (var host = TestHost.Build(settings, TestHost.UniqueQueue("password"), logs))
        {
            try
            {
                await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (Exception error) when (error is not TimeoutException)
            {
                startError = error;
            }

            await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.NotNull(startError); // nothing may start without a broker, or with a wrong password
        Assert.DoesNotContain(password, startError.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, logs.AllText, StringComparison.Ordinal);

        // The capture did see the start-up: the transport line, with everything but the password.
        var transport = Assert.Single(logs.Logs, log => log.EventId.Id == 1000);
        Assert.Equal(
            $"{TestHost.ServiceName}: bus on RabbitMQ 127.0.0.1:{port}, virtual host /, user sagahub, quorum queues False, prefetch default",
            transport.Message);
        return logs;
    }

    [Fact]
    public async Task Should_log_everything_but_the_password_when_the_port_is_closed()
    {
        var logs = await StartAndAssertThePasswordIsNeverLogged(ClosedPort());

        Assert.Contains(logs.Logs, log => log.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    /// <summary>The local broker (scripts/infra-up.sh) refuses the unique password: the login failure is logged, the password is not.</summary>
    [Fact]
    [Trait("Category", "Integration")]
    public async Task Should_log_everything_but_the_password_when_the_password_is_wrong()
    {
        var logs = await StartAndAssertThePasswordIsNeverLogged(5672);

        Assert.Contains(logs.Logs, log => log.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    /// <summary>A port nothing listens on: bound once to get it from the system, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
