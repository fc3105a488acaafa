using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using SagaHub.Testing;

namespace SagaHub.Orders.Tests;

public sealed record ChargeCard(Guid OrderId, string Key);

public sealed record CardCharged(Guid OrderId);

public sealed record CardDeclined(Guid OrderId, bool MayPassLater);

public sealed record CardPaymentStarted(Guid OrderId);

public enum CardPaymentStatus
{
    Charging,
    Paid,
    Failed,
}

public sealed class CardPaymentData
{
    public Guid OrderId { get; set; }
}

/// <summary>A one-step saga whose charge is retried three times, 10 s apart then doubling, when the card gateway says "try later".</summary>
public sealed class CardPaymentSaga : SagaDefinition<CardPaymentData, CardPaymentStatus>
{
    public const string Queue = "card-gateway";

    public CardPaymentSaga()
    {
        Correlate<CardPaymentStarted>(m => m.OrderId);
        Correlate<CardCharged>(m => m.OrderId);
        Correlate<CardDeclined>(m => m.OrderId);
        SendTo(Queue, typeof(ChargeCard));
        Initially<CardPaymentStarted>().Then(ctx => ctx.Data.OrderId = ctx.Message.OrderId).GoTo(CardPaymentStatus.Charging);
        During(CardPaymentStatus.Charging)
            .OnEnter(ctx => ctx.Send(new ChargeCard(ctx.Data.OrderId, $"card-{ctx.Data.OrderId:N}")))
            .Retry(r => r.Attempts(3).Backoff(StepBackoff.Exponential(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5))).On<CardDeclined>(d => d.MayPassLater))
            .On<CardCharged>().GoTo(CardPaymentStatus.Paid)
            .On<CardDeclined>().GoTo(CardPaymentStatus.Failed)
            .OnRetriesExhausted().GoTo(CardPaymentStatus.Failed);
        Final(CardPaymentStatus.Paid, CardPaymentStatus.Failed);
    }
}

/// <summary>The card gateway: "try later" for the first <see cref="Declines"/> charges of an order, then charged (once per key).</summary>
public sealed class FlakyCardGateway : IConsumer<ChargeCard>
{
    public static readonly ConcurrentDictionary<string, int> Calls = new();

    public static int Declines { get; set; } = 2;

    public async Task Consume(ConsumeContext<ChargeCard> context)
    {
        var call = Calls.AddOrUpdate(context.Message.Key, 1, (_, n) => n + 1);
        if (call <= Declines)
        {
            await context.Publish(new CardDeclined(context.Message.OrderId, MayPassLater: true));
        }
        else
        {
            await context.Publish(new CardCharged(context.Message.OrderId));
        }
    }
}

/// <summary>
/// A step's retries under <see cref="SagaTestHarness"/>: nothing is re-sent until the test advances the clock past the
/// backoff, each attempt is a history row the test can wait for, and the attempts are counted in <c>sagahub.step.attempts</c>.
/// </summary>
public sealed class When_a_step_is_retried_on_the_harness_clock
{
    [Fact]
    public async Task Should_resend_the_charge_after_each_backoff_and_complete_on_the_third_attempt()
    {
        var outcomes = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SagaMetrics.MeterName && instrument.Name == "sagahub.step.attempts")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var orderId = Guid.NewGuid();
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (Equals(tagged.GetValueOrDefault("saga"), nameof(CardPaymentSaga)) && Equals(tagged.GetValueOrDefault("state"), "Charging"))
            {
                outcomes.AddOrUpdate((string)tagged["outcome"]!, value, (_, n) => n + value);
            }
        });
        listener.Start();
        await using var harness = await SagaTestHarness.StartAsync(
            hub => hub.AddSaga(new CardPaymentSaga()),
            bus => bus.AddConsumer<FlakyCardGateway>().Endpoint(e => e.Name = CardPaymentSaga.Queue));
        var key = $"card-{orderId:N}";

        await harness.PublishAsync(new CardPaymentStarted(orderId));
        var first = await harness.WaitForHistoryAsync<CardPaymentSaga>(orderId, SagaHistoryKind.AttemptFailed);

        Assert.Equal(1, FlakyCardGateway.Calls[key]);
        Assert.Equal(new SagaStepAttempt(1, 3, null, "CardDeclined"), first.Snapshot.Attempt);
        Assert.Equal((SagaDeadlineKind.RetryBackoff, harness.Clock.GetUtcNow() + TimeSpan.FromSeconds(10)), (first.Snapshot.Deadline!.Kind, first.Snapshot.Deadline.DueAt));
        Assert.Equal(0, await harness.AdvanceTimeAsync(TimeSpan.FromSeconds(9))); // the backoff is not over: nothing sent
        Assert.Equal(1, FlakyCardGateway.Calls[key]);

        Assert.Equal(1, await harness.AdvanceTimeAsync(TimeSpan.FromSeconds(1)));
        var second = await harness.WaitForHistoryAsync<CardPaymentSaga>(orderId, SagaHistoryKind.AttemptFailed, 2);
        Assert.Equal(2, FlakyCardGateway.Calls[key]);
        Assert.Equal(harness.Clock.GetUtcNow() + TimeSpan.FromSeconds(20), second.Snapshot.Deadline!.DueAt); // doubled

        await harness.AdvanceTimeAsync(TimeSpan.FromSeconds(20));
        var paid = await harness.WaitForStateAsync<CardPaymentSaga>(orderId, CardPaymentStatus.Paid);

        Assert.Equal(3, FlakyCardGateway.Calls[key]); // one command per attempt, the same key each time
        paid.HasHistory(SagaHistoryKind.AttemptFailed, 2).HasHistory(SagaHistoryKind.AttemptStarted, 2).HasGapFreeHistory();
        Assert.Equal(["attempt 2 of 3: sent ChargeCard", "attempt 3 of 3: sent ChargeCard"], paid.History.Where(h => h.Kind == SagaHistoryKind.AttemptStarted).Select(h => h.Detail));
        Assert.Null(paid.Snapshot.Attempt);
        Assert.Equal(2, outcomes.GetValueOrDefault("failed"));
        Assert.Equal(2, outcomes.GetValueOrDefault("retried"));
    }
}

/// <summary>The card gateway takes 10 s on the harness's clock before it answers (<c>Task.Delay(t, clock)</c>).</summary>
public sealed class SlowCardGateway(TimeProvider clock) : IConsumer<ChargeCard>
{
    public static readonly ConcurrentDictionary<Guid, TaskCompletionSource> Waiting = new();

    public async Task Consume(ConsumeContext<ChargeCard> context)
    {
        var taking = Task.Delay(TimeSpan.FromSeconds(10), clock);
        Waiting.GetOrAdd(context.Message.OrderId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        await taking;
        await context.Publish(new CardCharged(context.Message.OrderId));
    }
}

/// <summary>A test service "takes time" on the same clock as the sagas: the harness's clock has timers.</summary>
public sealed class When_a_test_service_takes_time_on_the_harness_clock
{
    [Fact]
    public async Task Should_answer_only_when_the_test_advances_the_clock_past_its_delay()
    {
        await using var harness = await SagaTestHarness.StartAsync(
            hub => hub.AddSaga(new CardPaymentSaga()),
            bus => bus.AddConsumer<SlowCardGateway>().Endpoint(e => e.Name = CardPaymentSaga.Queue));
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(new CardPaymentStarted(orderId));
        await SlowCardGateway.Waiting.GetOrAdd(orderId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(harness.WaitTimeout);
        harness.Clock.Advance(TimeSpan.FromSeconds(9));
        (await harness.SagaAsync<CardPaymentSaga>(orderId)).IsIn(CardPaymentStatus.Charging);

        await harness.AdvanceTimeAsync(TimeSpan.FromSeconds(1));

        await harness.WaitForStateAsync<CardPaymentSaga>(orderId, CardPaymentStatus.Paid);
    }
}
