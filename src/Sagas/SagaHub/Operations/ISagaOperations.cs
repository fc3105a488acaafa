namespace SagaHub;

/// <summary>Operator actions on the sagas this host runs, each one unit of work like a message: version-checked, audited, its messages in the same commit.</summary>
public interface ISagaOperations
{
    /// <summary>What the saga allows in its state.</summary>
    /// <param name="sagaType">The saga type.</param>
    /// <param name="sagaId">The saga.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The choices.</returns>
    /// <exception cref="SagaNotFoundException">There is no such saga.</exception>
    Task<SagaActionChoices> ChoicesAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default);

    /// <summary>Applies the action and dispatches what it sends; the same action id applied again changes nothing.</summary>
    /// <param name="sagaType">The saga type.</param>
    /// <param name="sagaId">The saga.</param>
    /// <param name="action">The action.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What it did.</returns>
    /// <exception cref="SagaNotFoundException">There is no such saga.</exception>
    /// <exception cref="SagaActionRejectedException">The saga's state does not allow the action.</exception>
    /// <exception cref="SagaConcurrencyException">The saga changed since <see cref="SagaAction.ExpectedVersion"/>, or another action or message won the race.</exception>
    Task<SagaActionResult> ActAsync(string sagaType, Guid sagaId, SagaAction action, CancellationToken cancellationToken = default);

    /// <summary>What the action would change and send, without writing anything.</summary>
    /// <param name="sagaType">The saga type.</param>
    /// <param name="sagaId">The saga.</param>
    /// <param name="action">The action.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What it would do.</returns>
    /// <exception cref="SagaNotFoundException">There is no such saga.</exception>
    /// <exception cref="SagaActionRejectedException">The saga's state does not allow the action.</exception>
    Task<SagaActionResult> DryRunAsync(string sagaType, Guid sagaId, SagaAction action, CancellationToken cancellationToken = default);
}
