namespace SagaHub;

/// <content>Validation of the states' <c>Retry(...)</c> policies.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    private static void CheckRetry(string where, StateModel<TData, TStatus> state, bool isCompensating, List<string> problems)
    {
        var exhausted = state.For(TriggerKind.RetriesExhausted).Any();
        if (state.Retry is not { } retry)
        {
            if (exhausted)
            {
                problems.Add($"{where} declares OnRetriesExhausted() but no Retry(...) policy");
            }

            return;
        }

        if (retry.Attempts < 1)
        {
            problems.Add($"{where}: Retry needs at least 1 attempt, was {retry.Attempts}");
        }

        if (retry.Backoff.Problem() is { } backoff)
        {
            problems.Add($"{where}: Retry: {backoff}");
        }

        if (retry.AttemptTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            problems.Add($"{where}: Retry's AttemptTimeout must be positive, was {timeout}");
        }

        if (state.OnEnter.Count == 0)
        {
            problems.Add($"{where}: Retry re-runs the state's entry actions, but it has no OnEnter(...): declare the command it sends there");
        }

        if (retry.Retryable.Count == 0 && retry.AttemptTimeout is null)
        {
            problems.Add($"{where}: Retry declares no retryable answer (OnFault<T>, On<T>) and no AttemptTimeout, so no attempt can fail");
        }

        if (isCompensating || state.Join is not null || state.Task is not null)
        {
            problems.Add($"{where}: Retry is for a state that sends a command and waits for its answer, not for {(isCompensating ? "the compensating state (its undo commands have the compensation's timeout)" : state.Join is not null ? "a join" : "a human task")}");
        }

        foreach (var ignored in retry.Retryable.Select(r => r.MessageType).Where(state.Ignored.Contains).Distinct())
        {
            problems.Add($"{where}: '{Display(ignored)}' is both ignored and a retryable answer");
        }

        var unanswered = retry.Retryable.Select(r => r.MessageType).Distinct().Where(t => !state.For(TriggerKind.Message, t).Any()).Select(t => $"fails with {Display(t)}").ToList();
        if (retry.AttemptTimeout is not null)
        {
            unanswered.Insert(0, "times out");
        }

        if (unanswered.Count > 0 && !exhausted)
        {
            problems.Add($"{where}: the last attempt may end with nothing to take (when it {string.Join(" or ", unanswered)}); add OnRetriesExhausted()");
        }
    }
}
