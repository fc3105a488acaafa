using System.Net;
using System.Text.Json;
using SagaHub.Management.Tests.Support;
using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Management.Tests;

/// <summary>GET /sagahub/sagas: filters, search values, newest first with a cursor, and clear errors.</summary>
public sealed class When_an_operator_lists_sagas : IAsyncLifetime
{
    private ManagementHost host = null!;

    public async Task InitializeAsync() => host = await ManagementHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Should_page_newest_first_with_a_cursor_until_every_saga_is_seen_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add(await host.SeedAsync(RepairStatus.Working, startedAt: Clock.At(TimeSpan.FromMinutes(i))));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await host.GetJsonAsync("/sagahub/sagas?limit=10" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task Should_list_the_stuck_ones_with_why_they_are_stuck()
    {
        var parked = await host.SeedAsync(RepairStatus.OnHold);
        var overdue = await host.SeedAsync(RepairStatus.Charging);
        await host.SeedAsync(RepairStatus.Working, startedAt: ManagementHost.Now.AddMinutes(-5));
        await host.SeedAsync(RepairStatus.Done);

        var page = await host.GetJsonAsync("/sagahub/sagas?stuck=true");

        var rows = page.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetGuid());
        Assert.Equal(new[] { parked, overdue }.Order(), rows.Keys.Order());
        Assert.True(rows[parked].GetProperty("isParked").GetBoolean());
        Assert.Equal("OnHold", rows[parked].GetProperty("state").GetString());
        Assert.True(rows[overdue].GetProperty("stuck").GetBoolean());
        Assert.Equal("Timeout in Charging", rows[parked].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Should_find_sagas_by_a_searchable_value_and_by_state()
    {
        var mine = await host.SeedAsync(RepairStatus.Working, customer: "c-42");
        await host.SeedAsync(RepairStatus.Working, customer: "c-7");
        await host.SeedAsync(RepairStatus.OnHold, customer: "c-42");

        var page = await host.GetJsonAsync("/sagahub/sagas?search.customer=c-42&state=Working");

        var row = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(mine, row.GetProperty("id").GetGuid());
        Assert.Equal("c-42", row.GetProperty("search").GetProperty("customer").GetString());
        Assert.Equal($"/sagahub/sagas/RepairSaga/{mine}", row.GetProperty("href").GetString());
    }

    [Fact]
    public async Task Should_refuse_an_unknown_parameter_naming_it()
    {
        var response = await host.Client.GetAsync("/sagahub/sagas?staet=Working");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Unknown parameter 'staet'", body, StringComparison.Ordinal);
        Assert.Contains("search.<name>", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", "The cursor is not one this API gave out")]
    [InlineData("limit=0", "is not a limit from 1 to 500")]
    [InlineData("parked=maybe", "'maybe' is not true or false")]
    [InlineData("startedAfter=yesterday", "'yesterday' is not a date and time")]
    public async Task Should_refuse_a_bad_value_saying_what_is_wrong(string query, string message)
    {
        var response = await host.Client.GetAsync("/sagahub/sagas?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
