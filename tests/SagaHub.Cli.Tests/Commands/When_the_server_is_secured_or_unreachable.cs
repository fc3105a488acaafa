using System.Net;
using System.Net.Sockets;
using SagaHub.Cli.Tests.Support;
using SagaHub.Management.Tests.Support;
using SagaHub.Tests.Sagas;

namespace SagaHub.Cli.Tests.Commands;

/// <summary>The API key goes in X-Api-Key and is never printed; a server that is down or failing is exit 5.</summary>
public sealed class When_the_server_is_secured_or_unreachable
{
    private const string Key = "cli-test-key-0123456789";

    [Fact]
    public async Task Should_send_the_api_key_as_X_Api_Key_from_the_option_or_the_environment()
    {
        await using var host = await ManagementHost.StartAsync(o => o.ApiKey = Key);
        var id = await host.SeedAsync(RepairStatus.OnHold);

        var option = await CliRun.RunAsync(host.Client, "show", "RepairSaga", id.ToString(), "--api-key", Key);
        var environment = await CliRun.RunAsync(host.Client, new Dictionary<string, string> { ["SAGAHUB_API_KEY"] = Key }, "show", "RepairSaga", id.ToString());

        Assert.True(option.ExitCode == 0, option.ToString());
        Assert.True(environment.ExitCode == 0, environment.ToString());
        Assert.DoesNotContain(Key, option.Out + option.Error + environment.Out + environment.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_1_without_the_key_or_with_another_never_printing_it()
    {
        await using var host = await ManagementHost.StartAsync(o => o.ApiKey = Key);

        var none = await CliRun.RunAsync(host.Client, "list");
        var wrong = await CliRun.RunAsync(host.Client, "list", "--api-key", "not-the-key-at-all-0000");

        Assert.Equal(ExitCodes.Refused, none.ExitCode);
        Assert.StartsWith("error: 401 API key required\n", none.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, wrong.ExitCode);
        Assert.StartsWith("error: 403 API key not accepted\n", wrong.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key-at-all-0000", wrong.Out + wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_send_the_key_to_the_dead_letter_endpoints_too()
    {
        await using var api = await FakeDeadLetterApi.StartAsync();

        await CliRun.RunAsync(api.Client, "dead-letters", "--api-key", Key);

        Assert.Equal(Key, Assert.Single(api.Requests).ApiKey);
    }

    [Fact]
    public async Task Should_exit_5_when_nothing_listens_at_the_url()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var run = await CliRun.RunAsync(null, new Dictionary<string, string> { ["SAGAHUB_URL"] = url }, "list", "--api-key", Key);

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.StartsWith($"error: cannot reach the management API at {url}/sagahub/: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task Should_exit_5_when_the_server_answers_5xx()
    {
        await using var api = await FakeDeadLetterApi.StartAsync();
        api.FailWith = 503;

        var run = await CliRun.RunAsync(api.Client, "dead-letters");

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Equal("error: 503 Dead letters unavailable\n  The broker is not reachable.\n", run.Error);
    }

    [Fact]
    public async Task Should_exit_2_when_the_url_is_not_an_http_address()
    {
        var run = await CliRun.RunAsync(null, "list", "--url", "ftp://example.org");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'ftp://example.org' is not an http or https address", run.Error, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
