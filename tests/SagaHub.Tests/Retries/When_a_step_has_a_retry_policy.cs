using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public sealed record Charge(Guid Id, string Key);

public sealed record Charged(Guid Id);

public sealed record Declined(Guid Id, bool MayPassLater);

/// <summary>
/// A step with <c>Retry(...)</c>: retryable answers and attempt timeouts fail an attempt, the next one re-runs the state's
/// entry actions after the backoff on the saga's clock, every attempt is in the history, and when the attempts are spent
/// the failing answer's own transition or <c>OnRetriesExhausted()</c> applies.
/// </summary>
public sealed class When_a_step_has_a_retry_policy
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static AdHocSaga Saga(Action<StepRetryBuilder> policy, TimeSpan? stepTimeout = null) => new(s =>
    {
        s.CorrelateAll();
        s.Correlate<Charge>(m => m.Id);
        s.Correlate<Charged>(m => m.Id);
        s.Correlate<Declined>(m => m.Id);
        s.SendTo("payments", typeof(Charge));
        s.Initially<Go>().GoTo(AdHocStatus.A);
        var a = s.During(AdHocStatus.A)
            .OnEnter(ctx => ctx.Send(new Charge(ctx.SagaId, $"charge-{ctx.SagaId:N}")))
            .Retry(policy);
        a.On<Charged>().GoTo(AdHocStatus.Done);
        a.OnFault<Charge>().GoTo(AdHocStatus.Broken);
        a.On<Declined>().GoTo(AdHocStatus.C);
        a.OnRetriesExhausted().GoTo(AdHocStatus.Broken);
        if (stepTimeout is { } timeout)
        {
            a.Timeout(timeout).GoTo(AdHocStatus.B);
            s.During(AdHocStatus.B).On<Pong>().GoTo(AdHocStatus.Done);
        }

        s.Final(AdHocStatus.Done, AdHocStatus.C);
        s.Parked(AdHocStatus.Broken);
    });

    private static CommandFault<Charge> Timeout(Guid id) => new(new Charge(id, $"charge-{id:N}"), [new FaultExceptionInfo("System.TimeoutException", "the gateway did not answer")], Clock.T0);

    private static CommandFault<Charge> CardRefused(Guid id) => new(new Charge(id, $"charge-{id:N}"), [new FaultExceptionInfo("SagaHub.CardRefusedException", "card refused")], Clock.T0);

    private static (AdHocSaga Saga, SagaInstance<AdHocData, AdHocStatus> Instance, FireResult Start) Started(Action<StepRetryBuilder> policy, TimeSpan? stepTimeout = null)
    {
        var saga = Saga(policy, stepTimeout);
        saga.Validate();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        var start = saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);
        return (saga, instance, start);
    }

    private static void OnTimeouts(StepRetryBuilder r) => r.Attempts(3)
        .Backoff(StepBackoff.Exponential(2 * Second, max: TimeSpan.FromMinutes(1)))
        .OnFault<Charge>(f => f.Exceptions[0].ExceptionType == "System.TimeoutException");

    [Fact]
    public void Should_send_the_command_again_after_each_backoff_and_take_the_fault_transition_when_the_attempts_are_spent()
    {
        var (saga, instance, start) = Started(OnTimeouts);
        var first = Assert.Single(start.Outgoing);
        Assert.Equal(new SagaStepAttempt(1, 3, null, null), instance.Attempt);

        var failed = saga.Fire(instance, Timeout(instance.Id), Guid.NewGuid(), Clock.At(Second));

        Assert.Equal(AdHocStatus.A, instance.Status);
        Assert.Empty(failed.Outgoing); // nothing until the backoff is over
        var row = Assert.Single(failed.History);
        Assert.Equal(SagaHistoryKind.AttemptFailed, row.Kind);
        Assert.Equal("Fault<Charge>", row.Trigger);
        Assert.Equal("attempt 1 of 3 failed: Fault<Charge>: System.TimeoutException: the gateway did not answer; attempt 2 at 2025-03-01T09:00:03.0000000+00:00 (after 2 s)", row.Detail);
        Assert.Equal(SagaDeadlineKind.RetryBackoff, instance.Deadline!.Kind);
        Assert.Equal(Clock.At(3 * Second), instance.Deadline.DueAt);

        var second = saga.FireDeadline(instance);

        var resent = Assert.Single(second.Outgoing);
        Assert.Equal(first.Message, resent.Message); // the same command, its idempotency key the same ...
        Assert.NotEqual(first.MessageId, resent.MessageId); // ... as a new message, which the service's inbox does not drop
        Assert.Equal("payments", resent.Destination);
        Assert.Equal("attempt 2 of 3: sent Charge", Assert.Single(second.History, h => h.Kind == SagaHistoryKind.AttemptStarted).Detail);
        Assert.Equal(2, instance.Attempt!.Number);
        Assert.Null(instance.Deadline); // no attempt timeout, no step timeout: it waits for the answer

        saga.Fire(instance, Timeout(instance.Id), Guid.NewGuid(), Clock.At(4 * Second));
        Assert.Equal(Clock.At(8 * Second), instance.Deadline!.DueAt); // exponential: 4 s after the second failure
        saga.FireDeadline(instance);
        var last = saga.Fire(instance, Timeout(instance.Id), Guid.NewGuid(), Clock.At(9 * Second));

        Assert.Equal(AdHocStatus.Broken, instance.Status);
        Assert.Collection(
            last.History,
            h => Assert.Equal((SagaHistoryKind.AttemptsExhausted, "attempt 3 of 3 failed: Fault<Charge>: System.TimeoutException: the gateway did not answer; no attempt left"), (h.Kind, h.Detail)),
            h => Assert.Equal((SagaHistoryKind.Transition, "A", "Broken"), (h.Kind, h.From, h.To)));
        Assert.Null(instance.Attempt);
        Assert.Null(instance.Deadline);
    }

    [Fact]
    public void Should_take_the_fault_transition_at_once_for_a_fault_the_policy_does_not_retry()
    {
        var (saga, instance, _) = Started(OnTimeouts);

        var result = saga.Fire(instance, CardRefused(instance.Id), Guid.NewGuid(), Clock.At(Second));

        Assert.Equal(AdHocStatus.Broken, instance.Status);
        Assert.DoesNotContain(result.History, h => h.Kind is SagaHistoryKind.AttemptFailed or SagaHistoryKind.AttemptsExhausted);
    }

    [Fact]
    public void Should_retry_a_failure_event_only_when_its_condition_holds()
    {
        var (saga, instance, _) = Started(r => r.Attempts(2).On<Declined>(d => d.MayPassLater));

        var retried = saga.Fire(instance, new Declined(instance.Id, MayPassLater: true), Guid.NewGuid(), Clock.At(Second));

        Assert.Equal(AdHocStatus.A, instance.Status);
        Assert.Equal([SagaHistoryKind.AttemptFailed, SagaHistoryKind.AttemptStarted], retried.History.Select(h => h.Kind));
        Assert.Single(retried.Outgoing); // no backoff: attempt 2 at once

        saga.Fire(instance, new Declined(instance.Id, MayPassLater: false), Guid.NewGuid(), Clock.At(2 * Second));

        Assert.Equal(AdHocStatus.C, instance.Status); // not retryable: the state's own transition
    }

    [Fact]
    public void Should_fail_an_attempt_that_waits_past_its_timeout_and_take_OnRetriesExhausted_after_the_last()
    {
        var (saga, instance, _) = Started(r => r.Attempts(2).AttemptTimeout(30 * Second).Backoff(StepBackoff.Fixed(5 * Second)));
        Assert.Equal((SagaDeadlineKind.RetryAttempt, Clock.At(30 * Second)), (instance.Deadline!.Kind, instance.Deadline.DueAt));

        var timedOut = saga.FireDeadline(instance);

        Assert.Equal("attempt 1 of 2 failed: no answer within 30 s; attempt 2 at 2025-03-01T09:00:35.0000000+00:00 (after 5 s)", Assert.Single(timedOut.History).Detail);
        Assert.Equal("AttemptTimeout", timedOut.History[0].Trigger);
        saga.FireDeadline(instance); // attempt 2 sent at 35 s ...
        Assert.Equal((SagaDeadlineKind.RetryAttempt, Clock.At(65 * Second)), (instance.Deadline!.Kind, instance.Deadline.DueAt)); // ... and given 30 s

        var exhausted = saga.FireDeadline(instance);

        Assert.Equal(AdHocStatus.Broken, instance.Status);
        Assert.Contains(exhausted.History, h => h is { Kind: SagaHistoryKind.Transition, Trigger: "RetriesExhausted", From: "A", To: "Broken" });
    }

    [Fact]
    public void Should_leave_the_step_when_an_attempt_succeeds()
    {
        var (saga, instance, _) = Started(r => r.Attempts(3).AttemptTimeout(30 * Second));
        saga.FireDeadline(instance); // attempt 1 timed out; attempt 2 sent at once

        saga.Fire(instance, new Charged(instance.Id), Guid.NewGuid(), Clock.At(40 * Second));

        Assert.Equal(AdHocStatus.Done, instance.Status);
        Assert.Null(instance.Attempt);
        Assert.Null(instance.Deadline);
    }

    [Fact]
    public void Should_end_the_whole_step_at_the_states_timeout_whatever_the_attempts()
    {
        var (saga, instance, _) = Started(r => r.Attempts(5).Backoff(StepBackoff.Fixed(TimeSpan.FromMinutes(1))).OnFault<Charge>(), stepTimeout: 10 * Second);
        Assert.Equal(Clock.At(10 * Second), instance.Attempt!.StepDueAt);

        saga.Fire(instance, Timeout(instance.Id), Guid.NewGuid(), Clock.At(Second));

        Assert.Equal((SagaDeadlineKind.Timeout, Clock.At(10 * Second)), (instance.Deadline!.Kind, instance.Deadline.DueAt)); // the backoff would end after the step's limit
        saga.FireDeadline(instance);
        Assert.Equal(AdHocStatus.B, instance.Status);
    }

    [Fact]
    public void Should_ignore_a_late_failure_of_an_attempt_that_already_failed()
    {
        var (saga, instance, _) = Started(OnTimeouts);
        saga.Fire(instance, Timeout(instance.Id), Guid.NewGuid(), Clock.At(Second));

        var late = saga.Fire(instance, Timeout(instance.Id), Guid.NewGuid(), Clock.At(2 * Second));

        Assert.Equal(FireOutcome.Ignored, late.Outcome);
        Assert.StartsWith("attempt 1 of 3 already failed; attempt 2 is due at", late.Reason, StringComparison.Ordinal);
        Assert.Equal(1, instance.Attempt!.Number);
    }

    [Fact]
    public void Should_keep_the_attempt_in_the_snapshot_a_store_saves()
    {
        var (saga, instance, _) = Started(OnTimeouts);
        saga.Fire(instance, Timeout(instance.Id), Guid.NewGuid(), Clock.At(Second));

        var restored = saga.FromSnapshot(saga.ToSnapshot(instance));

        Assert.Equal(instance.Attempt, restored.Attempt);
        Assert.Equal("Fault<Charge>: System.TimeoutException: the gateway did not answer", restored.Attempt!.LastFailure);
        saga.FireDeadline(restored);
        Assert.Equal(2, restored.Attempt!.Number);
    }

    [Fact]
    public void Should_draw_the_policy_and_the_exhausted_edge()
    {
        var saga = Saga(r => r.Attempts(3).AttemptTimeout(30 * Second).Backoff(StepBackoff.Exponential(2 * Second, TimeSpan.FromMinutes(1))).OnFault<Charge>());

        var mermaid = saga.ToMermaid();

        Assert.Contains("retry: 3 attempts, 30s each, backoff 2s x2 up to 1m, on Fault#lt;Charge#gt;", mermaid, StringComparison.Ordinal);
        Assert.Contains("A --> Broken : 3 attempts failed", mermaid, StringComparison.Ordinal);
        Assert.Contains("retry: 3 attempts", saga.ToDot(), StringComparison.Ordinal);
        Assert.Contains(saga.Describe().Transitions, t => t is { TriggerKind: SagaTriggerKind.RetriesExhausted, From: "A", Target: "Broken" });
    }

    [Fact]
    public void Should_spread_jittered_backoffs_across_sagas_and_repeat_them_for_one()
    {
        var backoff = StepBackoff.Fixed(TimeSpan.FromSeconds(10)).WithJitter(0.5);
        var sagas = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();

        var delays = sagas.Select(id => backoff.DelayAfter(1, id)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
        Assert.True(delays.Distinct().Count() > 40, "jitter should spread the sagas");
        Assert.Equal(delays, sagas.Select(id => backoff.DelayAfter(1, id)));
    }

    [Theory]
    [InlineData("attempts", "state A: Retry needs at least 1 attempt, was 0")]
    [InlineData("timeout", "state A: Retry's AttemptTimeout must be positive, was -00:00:01")]
    [InlineData("backoff", "state A: Retry: the backoff's longest wait 00:00:01 is shorter than its first 00:00:05")]
    [InlineData("nothing", "state A: Retry declares no retryable answer (OnFault<T>, On<T>) and no AttemptTimeout, so no attempt can fail")]
    public void Should_refuse_a_policy_that_cannot_work(string what, string problem)
    {
        var saga = Saga(r =>
        {
            switch (what)
            {
                case "attempts": r.Attempts(0).OnFault<Charge>(); break;
                case "timeout": r.AttemptTimeout(-Second); break;
                case "backoff": r.OnFault<Charge>().Backoff(StepBackoff.Exponential(5 * Second, Second)); break;
            }
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains(problem, error.Problems);
    }

    [Fact]
    public void Should_refuse_a_policy_whose_last_attempt_has_nothing_to_take()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Correlate<Charge>(m => m.Id);
            s.Correlate<Declined>(m => m.Id);
            s.SendTo("payments", typeof(Charge));
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .OnEnter(ctx => ctx.Send(new Charge(ctx.SagaId, "k")))
                .Retry(r => r.AttemptTimeout(Second).On<Declined>())
                .On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains("state A: the last attempt may end with nothing to take (when it times out or fails with Declined); add OnRetriesExhausted()", error.Problems);
    }

    [Fact]
    public void Should_refuse_a_policy_misplaced_or_missing_its_pieces()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .Retry(r => r.On<Charged>())
                .On<Ping>().GoTo(AdHocStatus.B);
            s.During(AdHocStatus.A).OnRetriesExhausted().GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.B).OnRetriesExhausted().GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.Done).Retry(r => r.OnFault<Charge>());
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains("state A: Retry re-runs the state's entry actions, but it has no OnEnter(...): declare the command it sends there", error.Problems);
        Assert.Contains("state A handles 'Charged' but the saga has no Correlate<Charged>(...)", error.Problems);
        Assert.Contains("state B declares OnRetriesExhausted() but no Retry(...) policy", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("state Done declares Retry(...) but a final state sends nothing", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_refuse_a_second_policy_on_one_state()
    {
        var error = Assert.Throws<SagaDefinitionException>(() => new AdHocSaga(s =>
        {
            s.During(AdHocStatus.A).Retry(r => r.OnFault<Charge>()).Retry(r => r.OnFault<Charge>());
        }).Validate());

        Assert.Contains(error.Problems, p => p.Contains("state A: Retry is declared twice", StringComparison.Ordinal));
    }
}
