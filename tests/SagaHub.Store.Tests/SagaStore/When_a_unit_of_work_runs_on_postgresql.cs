using Microsoft.EntityFrameworkCore;
using Npgsql;
using SagaHub.EntityFrameworkCore;
using SagaHub.Store.Tests.Infrastructure;
using Xunit.Abstractions;
using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.SagaStore;

/// <summary>
/// What one handled message costs on PostgreSQL, counted on the wire (<see cref="PostgresWireCounter"/>):
/// the runtime's sequence per message — begin, commit, dispose, mark the outbox dispatched — is one
/// transaction in three round trips, the previous message's outbox delete riding inside it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class When_a_unit_of_work_runs_on_postgresql(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string schema = $"uow_{Guid.NewGuid():N}"[..22];
    private PostgresWireCounter wire = null!;
    private EfSagaStore store = null!;

    public Task InitializeAsync()
    {
        wire = PostgresWireCounter.Start(PostgreSqlStore.ConnectionString);
        var options = new SagaStoreOptions { Schema = schema, OutboxDeleteDelay = TimeSpan.FromMinutes(10) }.UsePostgreSql(wire.ConnectionString);
        store = new EfSagaStore(options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        await wire.DisposeAsync();
        await using var connection = new NpgsqlConnection(PostgreSqlStore.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>One message as <c>SagaRuntime</c> handles it: a session, its commit (with one outbox row), then the dispatch's mark.</summary>
    private async Task HandleAsync(SagaSnapshot saga, string state)
    {
        Guid[] outbox;
        var session = await store.BeginAsync(saga.SagaType, saga.SagaId, saga.SagaType, Guid.NewGuid());
        await using (session)
        {
            var read = session.Snapshot;
            var sequence = (read?.LastSequence ?? 0) + 1;
            var row = (read ?? saga) with { State = state, LastSequence = sequence, UpdatedAt = T((int)sequence) };
            var send = Send(saga, T((int)sequence));
            await session.CommitAsync(new SagaCommit(saga.SagaType, session.MessageId, row, read?.Version ?? 0, [Entry(sequence, read?.State ?? "Initial", state, row.UpdatedAt)], [send]) { TaskChanges = HumanTaskChange.Between(read, row) });
            outbox = [send.Message.MessageId];
        }

        await store.MarkDispatchedAsync(outbox, T(10));
    }

    [Fact]
    public async Task Should_handle_each_message_in_one_transaction_of_three_round_trips_with_the_previous_outbox_delete_inside()
    {
        await HandleAsync(Snapshot(Guid.NewGuid()), "Warm"); // schema, pooled connection
        await HandleAsync(Snapshot(Guid.NewGuid()), "Warm");
        wire.Reset();

        const int sagas = 10;
        for (var i = 0; i < sagas; i++)
        {
            var saga = Snapshot(Guid.NewGuid());
            await HandleAsync(saga, "Started"); // insert
            await HandleAsync(saga, "Moved");   // version-checked update
        }

        const int messages = 2 * sagas;
        output.WriteLine($"{messages} messages: {wire.RoundTrips} round trips, {wire.ExplicitTransactions} explicit + {wire.ImplicitTransactions} implicit transactions");
        Assert.True(wire.Transactions == messages, $"expected {messages} transactions: {wire.Describe()}");
        Assert.True(wire.ImplicitTransactions == 0, $"no statement outside the units of work: {wire.Describe()}");
        Assert.True(wire.Rollbacks == 0 && wire.Errors == 0, wire.Describe());
        Assert.True(wire.RoundTrips <= 3 * messages, $"expected at most {3 * messages} round trips: {wire.Describe()}");
        Assert.Equal(1, store.PendingOutboxDeletes); // only the last message's row waits; every other delete rode in a unit of work
        await using var context = store.NewContext();
        Assert.Equal(1, await context.Outbox.CountAsync()); // ... and is the only row left
    }
}
