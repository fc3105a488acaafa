using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Store.Tests.Contract;

/// <summary>
/// Operator actions (<see cref="ISagaOperations"/>) on a store: each one unit of work — the action's id in the inbox,
/// the version checked, history and outbox in the commit — so concurrent operators, retries and dry runs behave the
/// same on every store.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class SagaOperationsContract<TStore> : SagaStoreContract<TStore>
    where TStore : IStoreUnderTest, new()
{
    private readonly RepairSaga saga = new();

    [Fact]
    public async Task ActAsync_ResumeOfAParkedSaga_CommitsTheMoveTheAuditRowAndTheCommandAtOnce()
    {
        await using var host = await HostAsync();
        var id = await SeedParkedAsync();

        var result = await host.Operations.ActAsync(saga.Name, id, SagaAction.Resume("alice", "payments is back", "Charging") with { ExpectedVersion = 1 });

        var row = await Store.LoadAsync(saga.Name, id);
        Assert.Equal(("Charging", false, 2L), (row!.State, row.IsParked, row.Version));
        Assert.Equal(Clock.At(TimeSpan.FromHours(1)) + RepairSaga.StepTimeout, row.Deadline!.DueAt);
        var history = await Store.GetHistoryAsync(saga.Name, id);
        Assert.Equal([SagaHistoryKind.OperatorAction, SagaHistoryKind.Transition], history.Skip(3).Select(h => h.Kind));
        Assert.Equal("Resume Charging by alice: payments is back; sent ChargeRepair", history[3].Detail);
        Assert.Equal(result.Version, row.Version);
        Assert.Empty(await Store.GetUndispatchedAsync(DateTimeOffset.MaxValue, 10)); // dispatched after the commit
    }

    [Fact]
    public async Task ActAsync_SameActionTwice_ChangesTheSagaOnce()
    {
        await using var host = await HostAsync();
        var id = await SeedParkedAsync();
        var action = SagaAction.MoveTo("Working", "carol", "charged by phone");

        await host.Operations.ActAsync(saga.Name, id, action);
        var again = await host.Operations.ActAsync(saga.Name, id, action);

        Assert.True(again.AlreadyApplied);
        Assert.Equal(2L, (await Store.LoadAsync(saga.Name, id))!.Version);
        Assert.Single(await Store.GetHistoryAsync(saga.Name, id), h => h.Kind == SagaHistoryKind.OperatorAction);
    }

    [Fact]
    public async Task ActAsync_EightOperatorsAtOnce_ExactlyOneWinsAndTheOthersConflict()
    {
        await using var host = await HostAsync();
        var id = await SeedParkedAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var action = i % 2 == 0 ? SagaAction.Resume($"op{i}", "retry", "Charging") : SagaAction.MoveTo("Working", $"op{i}", "skip");
            try
            {
                await Task.Yield();
                await host.Operations.ActAsync(saga.Name, id, action with { ExpectedVersion = 1 });
                return "won";
            }
            catch (SagaConcurrencyException)
            {
                return "conflict";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(7, outcomes.Count(o => o == "conflict"));
        Assert.Equal(2L, (await Store.LoadAsync(saga.Name, id))!.Version);
        Assert.Single(await Store.GetHistoryAsync(saga.Name, id), h => h.Kind == SagaHistoryKind.OperatorAction);
    }

    [Fact]
    public async Task ActAsync_WithoutExpectedVersionAfterAnotherResume_IsRefusedByTheNewState()
    {
        await using var host = await HostAsync();
        var id = await SeedParkedAsync();
        await host.Operations.ActAsync(saga.Name, id, SagaAction.Resume("alice", "retry", "Charging"));

        var error = await Assert.ThrowsAsync<SagaActionRejectedException>(() => host.Operations.ActAsync(saga.Name, id, SagaAction.Cancel("Working", "bob", "stop")));

        Assert.Contains("not allowed in state Charging", error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, (await Store.LoadAsync(saga.Name, id))!.Version);
    }

    [Fact]
    public async Task DryRunAsync_Cancel_ShowsTheUndoAndWritesNothing()
    {
        await using var host = await HostAsync();
        var id = await SeedParkedAsync();
        var before = await Store.GetHistoryAsync(saga.Name, id);

        var preview = await host.Operations.DryRunAsync(saga.Name, id, SagaAction.Cancel("Cancelled", "dave", "customer withdrew"));

        Assert.Equal(("OnHold", "Compensating"), (preview.From, preview.To));
        Assert.Equal([typeof(CancelSlot)], preview.Sent.Select(m => m.MessageType));
        Assert.Equal(1L, (await Store.LoadAsync(saga.Name, id))!.Version);
        Assert.Equal(before.Count, (await Store.GetHistoryAsync(saga.Name, id)).Count);
        Assert.Empty(await Store.GetUndispatchedAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task ActAsync_RescheduleDeadline_StoresTheNewDueTimeForTheTimerScan()
    {
        await using var host = await HostAsync();
        var id = await SeedAsync(parked: false);
        var dueAt = Clock.At(TimeSpan.FromHours(5));

        await host.Operations.ActAsync(saga.Name, id, SagaAction.RescheduleDeadline(dueAt, "erin", "payments is slow today"));

        Assert.Equal(dueAt, (await Store.LoadAsync(saga.Name, id))!.Deadline!.DueAt);
        Assert.Empty(await Store.ClaimDueDeadlinesAsync(Clock.At(TimeSpan.FromHours(4)), TimeSpan.FromMinutes(1), 10));
        Assert.Single(await Store.ClaimDueDeadlinesAsync(dueAt, TimeSpan.FromMinutes(1), 10));
    }

    private Task<Guid> SeedParkedAsync() => SeedAsync(parked: true);

    private Task<Guid> SeedAsync(bool parked) => Store.StoreAsync(saga, parked ? RepairSagaSteps.Parked(saga) : RepairSagaSteps.Charging(saga));

    private async Task<OperationsHost> HostAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Store);
        services.AddSingleton<TimeProvider>(new FixedClock(Clock.At(TimeSpan.FromHours(1))));
        services.AddMassTransit(x =>
        {
            x.AddSagaHub(hub => hub.AddSaga<RepairSaga>().Configure(o => o.RunBackgroundServices = false));
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IBusControl>().StartAsync();
        return new OperationsHost(provider);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class OperationsHost(ServiceProvider provider) : IAsyncDisposable
    {
        public ISagaOperations Operations => provider.GetRequiredService<ISagaOperations>();

        public async ValueTask DisposeAsync()
        {
            await provider.GetRequiredService<IBusControl>().StopAsync();
            await provider.DisposeAsync();
        }
    }
}
