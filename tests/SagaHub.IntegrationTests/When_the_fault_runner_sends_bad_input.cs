using Npgsql;
using SagaHub.Contracts.Inventory;
using SagaHub.Faults.BadInput;
using SagaHub.IntegrationTests.Infrastructure;

namespace SagaHub.IntegrationTests;

/// <summary>The fault runner's bad-bus-input module against a live host: everything it sends is found where it must end.</summary>
[Trait("Category", "Integration")]
public sealed class When_the_fault_runner_sends_bad_input(BadInputHostFixture fixture) : IClassFixture<BadInputHostFixture>
{
    [Fact]
    public async Task Should_account_for_every_bad_message_and_keep_the_host_consuming()
    {
        var existing = await fixture.CompleteAnOrderAsync();

        var sent = await BadBusMessages.SendAllAsync(fixture.Rabbit, existing, CancellationToken.None);
        await using var database = NpgsqlDataSource.Create(IntegrationSettings.PostgreSql);
        var outcomes = await BadBusMessages.AccountAsync(fixture.Rabbit, database, fixture.Schema, sent, CancellationToken.None);

        Assert.Equal(sent.Count, outcomes.Count); // nothing unexpected in the error or skipped queue
        Assert.All(outcomes, o => Assert.True(o.Accounted, $"{o.Case}: expected {o.Expected}, found {o.Actual}"));
        await fixture.CompleteAnOrderAsync();
    }

    [Fact]
    public async Task Should_report_a_fault_of_the_load_itself_as_unexpected()
    {
        // Something the runner did not send: an event for a saga that does not exist, faulted by the host.
        var stray = Guid.NewGuid();
        await fixture.Host.SendAsync("order-saga", new StockReserved(Guid.NewGuid()), stray);
        await fixture.Received.Finished(stray);
        Assert.NotNull(await RawBus.FindAsync(fixture.Rabbit, "order-saga_error", stray, take: false));

        await using var database = NpgsqlDataSource.Create(IntegrationSettings.PostgreSql);
        var outcomes = await BadBusMessages.AccountAsync(fixture.Rabbit, database, fixture.Schema, [], CancellationToken.None);

        var unexpected = Assert.Single(outcomes, o => o.Actual.Contains(stray.ToString(), StringComparison.Ordinal));
        Assert.False(unexpected.Accounted);
        Assert.StartsWith("unexpected message in order-saga_error: SagaHub.SagaNotFoundException", unexpected.Case, StringComparison.Ordinal);
        Assert.NotNull(await RawBus.FindAsync(fixture.Rabbit, "order-saga_error", stray)); // left in the queue, then cleaned up here
    }
}
