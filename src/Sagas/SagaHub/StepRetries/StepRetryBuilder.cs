namespace SagaHub;

/// <summary>
/// Declares a step's retry policy: how many attempts, the wait between them, a timeout per attempt, and which answers
/// fail an attempt. An attempt re-runs the state's entry actions (so the command goes again, its idempotency key the same).
/// </summary>
public sealed class StepRetryBuilder
{
    internal StepRetryBuilder(StepRetryModel model) => Model = model;

    internal StepRetryModel Model { get; }

    /// <summary>How many attempts in all, the first included (default 3).</summary>
    /// <param name="attempts">At least 1.</param>
    /// <returns>This builder.</returns>
    public StepRetryBuilder Attempts(int attempts)
    {
        Model.Attempts = attempts;
        return this;
    }

    /// <summary>The wait before each next attempt, on the saga's clock (default: none).</summary>
    /// <param name="backoff">Fixed or exponential, with optional jitter.</param>
    /// <returns>This builder.</returns>
    public StepRetryBuilder Backoff(StepBackoff backoff)
    {
        ArgumentNullException.ThrowIfNull(backoff);
        Model.Backoff = backoff;
        return this;
    }

    /// <summary>How long one attempt may wait for its answer; past that it has failed (the whole step's limit is the state's <c>Timeout</c>).</summary>
    /// <param name="timeout">Positive.</param>
    /// <returns>This builder.</returns>
    public StepRetryBuilder AttemptTimeout(TimeSpan timeout)
    {
        Model.AttemptTimeout = timeout;
        return this;
    }

    /// <summary>The fault of <typeparamref name="TCommand"/> fails the attempt, when <paramref name="when"/> holds (default: every fault).</summary>
    /// <typeparam name="TCommand">The command the state sends.</typeparam>
    /// <param name="when">Which faults are worth another attempt, e.g. by the exception type; the others go to the state's <c>OnFault</c>.</param>
    /// <returns>This builder.</returns>
    public StepRetryBuilder OnFault<TCommand>(Func<CommandFault<TCommand>, bool>? when = null)
        where TCommand : class
    {
        Model.Retryable.Add(new RetryableAnswer(typeof(CommandFault<TCommand>), m => when?.Invoke((CommandFault<TCommand>)m) ?? true, $"Fault<{typeof(TCommand).Name}>"));
        return this;
    }

    /// <summary>The answer <typeparamref name="TMessage"/> fails the attempt, when <paramref name="when"/> holds (default: always), e.g. a declined payment that says it may succeed later.</summary>
    /// <typeparam name="TMessage">The failure answer.</typeparam>
    /// <param name="when">Which of them are worth another attempt; the others go to the state's <c>On&lt;TMessage&gt;</c>.</param>
    /// <returns>This builder.</returns>
    public StepRetryBuilder On<TMessage>(Func<TMessage, bool>? when = null)
        where TMessage : class
    {
        Model.Retryable.Add(new RetryableAnswer(typeof(TMessage), m => when?.Invoke((TMessage)m) ?? true, typeof(TMessage).Name));
        return this;
    }
}
