using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary>The gauges an operator watches come from one read of the store, so a scrape never queries the database.</summary>
public sealed class When_the_operator_gauges_are_read
{
    private static readonly DateTimeOffset Now = Clock.At(TimeSpan.FromHours(1));

    private readonly RepairSaga saga = new();
    private readonly InMemorySagaStore store = new();

    [Fact]
    public async Task Should_report_sagas_by_state_parked_overdue_and_the_outbox_backlog()
    {
        await SeedAsync(parked: true);
        await SeedAsync(parked: true);
        await SeedAsync(parked: false); // Charging, its deadline 55 minutes past
        var message = new OutgoingMessage(Guid.NewGuid(), typeof(ChargeRepair), new ChargeRepair(Guid.NewGuid(), 1m), "payments");
        await store.CommitAsync(new SagaCommit(saga.Name, Guid.NewGuid(), null, 0, [], [new OutboxEntry(saga.Name, Guid.NewGuid(), message, Clock.At(TimeSpan.FromMinutes(30)))]));
        using var factory = new TestMeterFactory();
        using var metrics = new SagaMetrics(factory);
        var service = new SagaGaugeService(store, store, metrics, new FakeTimeProvider(Now), Options.Create(new SagaHubOptions()), NullLogger<SagaGaugeService>.Instance);

        var before = Collect(factory);
        await service.RefreshAsync(CancellationToken.None);
        var after = Collect(factory);

        Assert.DoesNotContain(before, m => m.Name == "sagahub.outbox.backlog");
        Assert.Equal(2, after.Single(m => m.Name == "sagahub.sagas.instances" && m.Tags == "saga=RepairSaga,state=OnHold,kind=parked").Value);
        Assert.Equal(1, after.Single(m => m.Name == "sagahub.sagas.instances" && m.Tags == "saga=RepairSaga,state=Charging,kind=active").Value);
        Assert.Equal(2, after.Single(m => m.Name == "sagahub.sagas.parked").Value);
        Assert.Equal(1, after.Single(m => m.Name == "sagahub.sagas.overdue").Value);
        Assert.Equal(55 * 60, after.Single(m => m.Name == "sagahub.timer.oldest_overdue_age").Value);
        Assert.Equal(1, after.Single(m => m.Name == "sagahub.outbox.backlog").Value);
        Assert.Equal(30 * 60, after.Single(m => m.Name == "sagahub.outbox.oldest_age").Value);
    }

    private static List<(string Name, string Tags, double Value)> Collect(IMeterFactory factory)
    {
        var seen = new List<(string, string, double)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == SagaMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, Tags(tags), v)));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i.Name, Tags(tags), v)));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    private static string Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        return string.Join(",", parts);
    }

    private Task SeedAsync(bool parked) => store.StoreAsync(saga, parked ? RepairSagaSteps.Parked(saga) : RepairSagaSteps.Charging(saga));

    /// <summary>Meters scoped to this test, so parallel tests' meters of the same name are not collected.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(m => m.Dispose());
    }
}
