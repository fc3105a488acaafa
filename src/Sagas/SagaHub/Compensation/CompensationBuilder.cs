namespace SagaHub;

/// <summary>Declares how compensations are confirmed and what happens when one fails.</summary>
/// <typeparam name="TData">The saga's data.</typeparam>
/// <typeparam name="TStatus">The saga's states.</typeparam>
public sealed class CompensationBuilder<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    private readonly SagaDefinition<TData, TStatus> definition;
    private readonly CompensationModel<TData, TStatus> model;
    private readonly StateModel<TData, TStatus> state;

    internal CompensationBuilder(SagaDefinition<TData, TStatus> definition, CompensationModel<TData, TStatus> model, StateModel<TData, TStatus> state)
    {
        this.definition = definition;
        this.model = model;
        this.state = state;
    }

    /// <summary>The undo command <typeparamref name="TCommand"/> counts as done when <typeparamref name="TConfirmation"/> arrives; the next one is sent only then. Its <see cref="CommandFault{TCommand}"/> fails the compensation.</summary>
    /// <typeparam name="TCommand">The undo command.</typeparam>
    /// <typeparam name="TConfirmation">The event that confirms it.</typeparam>
    /// <returns>This builder.</returns>
    public CompensationBuilder<TData, TStatus> Confirm<TCommand, TConfirmation>()
        where TCommand : class
        where TConfirmation : class
    {
        if (!model.Confirmations.TryAdd(typeof(TCommand), typeof(TConfirmation)))
        {
            definition.DeclarationError($"compensation '{typeof(TCommand).Name}' is confirmed twice");
        }

        return this;
    }

    /// <summary>Where the saga parks when a compensation fails or times out, and what to do then (raise an alert).</summary>
    /// <param name="parkIn">A state operators watch, e.g. <c>NeedsAttention</c>.</param>
    /// <param name="alert">Optional action, e.g. publish an alert event.</param>
    /// <returns>This builder.</returns>
    public CompensationBuilder<TData, TStatus> OnFailure(TStatus parkIn, Action<SagaContext<TData>>? alert = null)
    {
        model.FailureState = parkIn;
        definition.State(parkIn);
        if (alert is not null)
        {
            model.OnFailure.Add(alert);
        }

        return this;
    }

    /// <summary>How long one compensation may stay unconfirmed before it counts as failed.</summary>
    /// <param name="after">The limit per compensation.</param>
    /// <returns>This builder.</returns>
    public CompensationBuilder<TData, TStatus> Timeout(TimeSpan after)
    {
        model.Timeout = after;
        state.TimeoutAfter = null;
        state.TimeoutFrom = null;
        return this;
    }

    /// <summary>Declares what else the compensating state does (ignore late messages, for example).</summary>
    /// <returns>The compensating state's builder.</returns>
    public StateBuilder<TData, TStatus> State() => new(definition, state);
}
