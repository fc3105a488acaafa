using System.Globalization;

namespace SagaHub;

/// <summary>A state's <c>Retry(...)</c> policy at run time: attempts, their timeouts and backoffs, and giving up.</summary>
/// <remarks>
/// Entering the state starts attempt 1 (and its attempt timeout); a retryable answer or an attempt's timeout fails the
/// attempt, and after the backoff (a deadline on the saga's clock) the next attempt re-runs the state's entry actions;
/// when the attempts are spent the failing answer's own transition applies, or <c>OnRetriesExhausted()</c>. The state's
/// own <c>Timeout(after)</c> bounds the whole step: the saga has one deadline at a time, whichever comes first of the
/// attempt's and the step's, whose due time <see cref="SagaStepAttempt.StepDueAt"/> keeps meanwhile.
/// </remarks>
internal sealed class StepRetries<TData, TStatus>(SagaInterpreter<TData, TStatus> interpreter) : IStateLifecycle<TData, TStatus>, IDeadlineHandler<TData, TStatus>, IFireStep<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public void OnLeaving(FireScope<TData, TStatus> scope) => scope.Instance.Attempt = null;

    /// <summary>Runs after <see cref="StateTimeouts{TData, TStatus}"/>: the state's timeout, if any, is already the deadline.</summary>
    public void OnEntered(FireScope<TData, TStatus> scope, StateModel<TData, TStatus> entered, string trigger)
    {
        if (entered.Retry is not { } policy)
        {
            return;
        }

        var instance = scope.Instance;
        instance.Attempt = new SagaStepAttempt(1, policy.Attempts, instance.Deadline is { Kind: SagaDeadlineKind.Timeout } step ? step.DueAt : null, null);
        if (policy.AttemptTimeout is { } timeout)
        {
            Arm(scope, scope.Now + timeout, SagaDeadlineKind.RetryAttempt);
        }
    }

    /// <summary>A retryable answer in a state with a policy fails the attempt.</summary>
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        if (scope.Current.Retry is not { } policy || scope.Instance.Attempt is not { } attempt || scope.Instance.Compensating is not null
            || policy.Match(scope.MessageType, scope.Message) is not { } answer)
        {
            return false;
        }

        if (scope.Instance.Deadline is { Kind: SagaDeadlineKind.RetryBackoff } wait)
        {
            // A late answer of the attempt that already failed: the next one is on its way.
            scope.Ignore($"attempt {attempt.Number} of {attempt.Of} already failed; attempt {attempt.Number + 1} is due at {wait.DueAt.ToString("O", CultureInfo.InvariantCulture)}");
            return true;
        }

        var reason = scope.Message is ICommandFault { Exceptions: [var first, ..] } ? $"{answer.Label}: {first.ExceptionType}: {first.Message}" : answer.Label;
        Fail(scope, policy, attempt, scope.TriggerName, reason, answerHasTransition: scope.Current.For(TriggerKind.Message, scope.MessageType).Any());
        return true;
    }

    public bool TryHandle(FireScope<TData, TStatus> scope, SagaDeadline deadline, SagaTimeoutElapsed elapsed)
    {
        if (deadline.Kind is not (SagaDeadlineKind.RetryAttempt or SagaDeadlineKind.RetryBackoff)
            || scope.Current.Retry is not { } policy || scope.Instance.Attempt is not { } attempt)
        {
            return false;
        }

        if (deadline.Kind == SagaDeadlineKind.RetryAttempt)
        {
            Fail(scope, policy, attempt, "AttemptTimeout", $"no answer within {Duration(policy.AttemptTimeout!.Value)}", answerHasTransition: false);
        }
        else
        {
            Next(scope, policy, attempt);
        }

        return true;
    }

    /// <summary>Attempt <paramref name="attempt"/> failed: wait and try again, or, when it was the last, give up.</summary>
    private void Fail(FireScope<TData, TStatus> scope, StepRetryModel policy, SagaStepAttempt attempt, string trigger, string reason, bool answerHasTransition)
    {
        var instance = scope.Instance;
        instance.Attempt = attempt with { LastFailure = reason };
        if (attempt.Number >= attempt.Of)
        {
            scope.Append(scope.CurrentName, trigger, SagaHistoryKind.AttemptsExhausted, $"attempt {attempt.Number} of {attempt.Of} failed: {reason}; no attempt left");
            Restore(scope);
            if (answerHasTransition)
            {
                interpreter.TakeFirst(scope, scope.Current.For(TriggerKind.Message, scope.MessageType).ToList(), scope.Message);
            }
            else
            {
                interpreter.TakeFirst(scope, scope.Current.For(TriggerKind.RetriesExhausted).ToList(), new StepRetriesExhausted(attempt.Number, reason));
            }

            return;
        }

        var delay = policy.Backoff.DelayAfter(attempt.Number, instance.Id);
        if (delay <= TimeSpan.Zero)
        {
            scope.Append(scope.CurrentName, trigger, SagaHistoryKind.AttemptFailed, $"attempt {attempt.Number} of {attempt.Of} failed: {reason}; attempt {attempt.Number + 1} now");
            Next(scope, policy, instance.Attempt);
            return;
        }

        var due = scope.Now + delay;
        scope.Append(scope.CurrentName, trigger, SagaHistoryKind.AttemptFailed,
            $"attempt {attempt.Number} of {attempt.Of} failed: {reason}; attempt {attempt.Number + 1} at {due.ToString("O", CultureInfo.InvariantCulture)} (after {Duration(delay)})");
        Arm(scope, due, SagaDeadlineKind.RetryBackoff);
    }

    /// <summary>Starts the next attempt: re-runs the state's entry actions and arms its timeout.</summary>
    private static void Next(FireScope<TData, TStatus> scope, StepRetryModel policy, SagaStepAttempt attempt)
    {
        var instance = scope.Instance;
        var next = attempt with { Number = attempt.Number + 1 };
        instance.Attempt = next;
        var sentBefore = scope.Effects.Outgoing.Count;
        var context = scope.Context();
        foreach (var entry in scope.Current.OnEnter)
        {
            entry(context);
        }

        var sent = scope.Effects.Outgoing.Skip(sentBefore).Select(m => m.MessageType.Name).ToList();
        scope.Append(scope.CurrentName, "Retry", SagaHistoryKind.AttemptStarted,
            $"attempt {next.Number} of {next.Of}: {(sent.Count == 0 ? "the entry actions sent nothing" : "sent " + string.Join(", ", sent))}");
        if (policy.AttemptTimeout is { } timeout)
        {
            Arm(scope, scope.Now + timeout, SagaDeadlineKind.RetryAttempt);
        }
        else
        {
            Restore(scope);
        }
    }

    /// <summary>Sets the deadline to <paramref name="due"/>, unless the step's own timeout comes first.</summary>
    private static void Arm(FireScope<TData, TStatus> scope, DateTimeOffset due, SagaDeadlineKind kind)
    {
        var stepDue = scope.Instance.Attempt?.StepDueAt;
        scope.Instance.Deadline = stepDue is { } step && step <= due
            ? new SagaDeadline(scope.NextId(), step, SagaDeadlineKind.Timeout)
            : new SagaDeadline(scope.NextId(), due, kind);
    }

    /// <summary>No attempt deadline pending: the step's own timeout, if any, is the deadline again.</summary>
    private static void Restore(FireScope<TData, TStatus> scope) =>
        scope.Instance.Deadline = scope.Instance.Attempt?.StepDueAt is { } step ? new SagaDeadline(scope.NextId(), step, SagaDeadlineKind.Timeout) : null;

    private static string Duration(TimeSpan span) => span.TotalSeconds >= 1 && span.TotalSeconds == Math.Floor(span.TotalSeconds)
        ? $"{span.TotalSeconds:0} s"
        : $"{span.TotalMilliseconds:0} ms";
}
