using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary>
/// <see cref="ISagaOperations"/> on the in-memory store and bus: an action is one unit of work (inbox row, version check,
/// history, outbox) and its messages are sent after the commit.
/// </summary>
public sealed class When_an_operator_acts_through_the_host : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly RepairSaga saga = new();
    private readonly TaskCompletionSource<ChargeRepair> charged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ServiceProvider? provider;

    private IServiceProvider Services => provider ?? throw new InvalidOperationException("Started in InitializeAsync.");

    private ISagaOperations Operations => Services.GetRequiredService<ISagaOperations>();

    private ISagaStore Store => Services.GetRequiredService<ISagaStore>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMassTransit(x =>
        {
            x.AddSagaHub(hub => hub.AddSaga<RepairSaga>().Configure(o => o.RunBackgroundServices = false));
            x.UsingInMemory((context, cfg) =>
            {
                cfg.ReceiveEndpoint("payments", e => e.Handler<ChargeRepair>(c =>
                {
                    charged.TrySetResult(c.Message);
                    return Task.CompletedTask;
                }));
                cfg.ConfigureEndpoints(context);
            });
        });
        provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IBusControl>().StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (provider is not null)
        {
            await provider.GetRequiredService<IBusControl>().StopAsync();
            await provider.DisposeAsync();
        }
    }

    private Task<Guid> SeedParkedAsync() => Store.StoreAsync(saga, RepairSagaSteps.Parked(saga));

    [Fact]
    public async Task Should_commit_the_action_with_its_audit_row_and_send_its_command_after()
    {
        var id = await SeedParkedAsync();

        var result = await Operations.ActAsync(saga.Name, id, SagaAction.Resume("alice", "payments is back", "Charging") with { ExpectedVersion = 1 });

        Assert.True(result.Applied);
        Assert.Equal(("OnHold", "Charging", 2L), (result.From, result.To, result.Version));
        var stored = await Store.LoadAsync(saga.Name, id);
        Assert.Equal(("Charging", false, 2L), (stored!.State, stored.IsParked, stored.Version));
        var history = await Store.GetHistoryAsync(saga.Name, id);
        Assert.Contains(history, h => h.Kind == SagaHistoryKind.OperatorAction && h.Detail == "Resume Charging by alice: payments is back; sent ChargeRepair");
        Assert.Equal(id, (await charged.Task.WaitAsync(Patience)).RepairId);
    }

    [Fact]
    public async Task Should_apply_the_same_action_once()
    {
        var id = await SeedParkedAsync();
        var action = SagaAction.MoveTo("Working", "carol", "charged by phone");

        var first = await Operations.ActAsync(saga.Name, id, action);
        var again = await Operations.ActAsync(saga.Name, id, action);

        Assert.True(first.Applied);
        Assert.False(again.Applied);
        Assert.True(again.AlreadyApplied);
        Assert.Equal(2L, (await Store.LoadAsync(saga.Name, id))!.Version);
        Assert.Single(await Store.GetHistoryAsync(saga.Name, id), h => h.Kind == SagaHistoryKind.OperatorAction);
    }

    [Fact]
    public async Task Should_let_exactly_one_of_concurrent_operators_win()
    {
        var id = await SeedParkedAsync();
        var actions = Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? SagaAction.Resume($"op{i}", "retry", "Charging") with { ExpectedVersion = 1 }
            : SagaAction.MoveTo("Working", $"op{i}", "skip") with { ExpectedVersion = 1 });

        var outcomes = await Task.WhenAll(actions.Select(async a =>
        {
            try
            {
                await Task.Yield();
                return (await Operations.ActAsync(saga.Name, id, a)).Applied ? "won" : "no-op";
            }
            catch (SagaConcurrencyException)
            {
                return "409";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(7, outcomes.Count(o => o == "409"));
        Assert.Single(await Store.GetHistoryAsync(saga.Name, id), h => h.Kind == SagaHistoryKind.OperatorAction);
    }

    [Fact]
    public async Task Should_show_a_dry_run_and_write_nothing()
    {
        var id = await SeedParkedAsync();
        var before = await Store.GetHistoryAsync(saga.Name, id);

        var preview = await Operations.DryRunAsync(saga.Name, id, SagaAction.Resume("alice", "check first", "Charging"));

        Assert.False(preview.Applied);
        Assert.Equal("Charging", preview.To);
        Assert.Equal([typeof(ChargeRepair)], preview.Sent.Select(m => m.MessageType));
        Assert.Equal(SagaHistoryKind.OperatorAction, preview.History[0].Kind);
        Assert.Equal(1L, (await Store.LoadAsync(saga.Name, id))!.Version);
        Assert.Equal(before.Count, (await Store.GetHistoryAsync(saga.Name, id)).Count);
        Assert.False(charged.Task.IsCompleted);
    }

    [Fact]
    public async Task Should_refuse_an_action_on_a_saga_that_changed_since_the_operator_looked()
    {
        var id = await SeedParkedAsync();

        await Assert.ThrowsAsync<SagaConcurrencyException>(() => Operations.ActAsync(saga.Name, id, SagaAction.Resume("alice", "retry", "Charging") with { ExpectedVersion = 7 }));
        Assert.Equal(1L, (await Store.LoadAsync(saga.Name, id))!.Version);
    }

    [Fact]
    public async Task Should_refuse_an_action_the_state_does_not_allow_naming_the_allowed_ones()
    {
        var id = await SeedParkedAsync();

        var error = await Assert.ThrowsAsync<SagaActionRejectedException>(() => Operations.ActAsync(saga.Name, id, SagaAction.Cancel("Working", "alice", "stop")));

        Assert.Contains("allowed: resume in Booking, Charging, Working", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Done", "Cancelled"], error.Choices.Cancel);
        Assert.Equal(1L, (await Store.LoadAsync(saga.Name, id))!.Version);
    }

    [Fact]
    public async Task Should_say_when_there_is_no_such_saga()
    {
        await Assert.ThrowsAsync<SagaNotFoundException>(() => Operations.ActAsync(saga.Name, Guid.NewGuid(), SagaAction.Resume("alice", "retry")));
        var error = await Assert.ThrowsAsync<SagaConfigurationException>(() => Operations.ChoicesAsync("NoSuchSaga", Guid.NewGuid()));
        Assert.Contains("runs no saga named 'NoSuchSaga' (it runs RepairSaga)", error.Message, StringComparison.Ordinal);
    }
}
