using System.Text.Json;
using SagaHub.Cli.Tests.Support;
using SagaHub.Management.Tests.Support;
using SagaHub.Tests.Sagas;

namespace SagaHub.Cli.Tests.Commands;

/// <summary><c>sagahub list</c> against the real management API: a table for people, the API's JSON for scripts, every page with --all.</summary>
public sealed class When_an_operator_lists_sagas_from_the_command_line : IAsyncLifetime
{
    private ManagementHost host = null!;

    public async Task InitializeAsync() => host = await ManagementHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Should_print_the_matching_sagas_as_a_table()
    {
        var parked = await host.SeedAsync(RepairStatus.OnHold, customer: "c-7");
        var working = await host.SeedAsync(RepairStatus.Working, customer: "c-8");

        var run = await CliRun.RunAsync(host.Client, "list", "--parked");

        Assert.True(run.ExitCode == 0, run.ToString());
        var row = Assert.Single(run.Out.Split('\n'), l => l.Contains(parked.ToString(), StringComparison.Ordinal));
        Assert.Contains("RepairSaga", row, StringComparison.Ordinal);
        Assert.Contains("OnHold", row, StringComparison.Ordinal);
        Assert.Contains("parked stuck", row, StringComparison.Ordinal);
        Assert.Contains("customer=c-7", row, StringComparison.Ordinal);
        Assert.DoesNotContain(working.ToString(), run.Out, StringComparison.Ordinal);
        Assert.Contains("1 saga.", run.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Should_print_the_APIs_JSON_as_it_is_with_json()
    {
        var id = await host.SeedAsync(RepairStatus.Charging, customer: "c-3");
        var api = await host.Client.GetStringAsync("/sagahub/sagas?search.customer=c-3");

        var run = await CliRun.RunAsync(host.Client, "list", "--search", "customer=c-3", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(api + "\n", run.Out);
        Assert.Equal(id, JsonDocument.Parse(run.Out).RootElement.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Should_say_how_to_get_the_next_page()
    {
        for (var i = 0; i < 3; i++)
        {
            await host.SeedAsync(RepairStatus.Charging, startedAt: ManagementHost.Now.AddMinutes(-i));
        }

        var run = await CliRun.RunAsync(host.Client, "list", "--limit", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2 sagas.", run.Out, StringComparison.Ordinal);
        Assert.Matches("More: add --cursor [A-Za-z0-9_-]+ for the next page, or --all for every page.", run.Out);
    }

    [Fact]
    public async Task Should_follow_the_cursors_to_every_page_with_all()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await host.SeedAsync(RepairStatus.Charging, startedAt: ManagementHost.Now.AddMinutes(-i)));
        }

        var table = await CliRun.RunAsync(host.Client, "list", "--limit", "2", "--all");
        var json = await CliRun.RunAsync(host.Client, "list", "--limit", "2", "--all", "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.All(ids, id => Assert.Contains(id.ToString(), table.Out, StringComparison.Ordinal));
        Assert.Contains("5 sagas.", table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("More:", table.Out, StringComparison.Ordinal);
        var page = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(ids, page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Should_exit_1_printing_each_parameter_the_API_refused()
    {
        var run = await CliRun.RunAsync(host.Client, "list", "--order", "sideways");

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("error: 400 The query string is not valid.", run.Error, StringComparison.Ordinal);
        Assert.Contains("  order: 'sideways' is not an order; use newest (by start, the default) or updated.", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }
}
