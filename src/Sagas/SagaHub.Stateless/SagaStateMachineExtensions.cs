using Stateless;

namespace SagaHub.Stateless;

/// <summary>
/// A Stateless view of a saga definition, for inspection: <c>CanFire</c>, <c>GetPermittedTriggersAsync</c>,
/// <c>GetInfo()</c> and its DOT graph over the definition's transition table.
/// </summary>
/// <remarks>
/// SagaHub's engine stays the interpreter: the machine runs no action, and a machine bound to an instance cannot change it.
/// </remarks>
public static class SagaStateMachineExtensions
{
    /// <summary>The machine of one started saga instance: its state and guards are read from the instance.</summary>
    /// <remarks>
    /// Firing it throws, since only the engine (<see cref="SagaDefinition{TData, TStatus}.Fire{TMessage}"/>) changes an
    /// instance. Not thread-safe: build one per caller.
    /// </remarks>
    /// <typeparam name="TData">The saga's data.</typeparam>
    /// <typeparam name="TStatus">The saga's states.</typeparam>
    /// <param name="saga">The definition; validated.</param>
    /// <param name="instance">A started instance.</param>
    /// <param name="timeProvider">The clock guards see when a message is given (<see cref="TimeProvider.System"/> when omitted).</param>
    /// <returns>The machine.</returns>
    /// <exception cref="ArgumentException">The instance has not started (a Stateless machine has no initial pseudo-state).</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in required parameters (an instance, or a read and a write), so no call is ambiguous.")]
    public static StateMachine<TStatus, SagaTrigger> ToStateMachine<TData, TStatus>(this SagaDefinition<TData, TStatus> saga, SagaInstance<TData, TStatus> instance, TimeProvider? timeProvider = null)
        where TData : class, new()
        where TStatus : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(saga);
        ArgumentNullException.ThrowIfNull(instance);
        if (!instance.IsStarted)
        {
            throw new ArgumentException($"Saga '{saga.Name}' {instance.Id} has not started; its initiating messages are the transitions of Describe() whose From is null.", nameof(instance));
        }

        return new SagaMachineBuilder<TData, TStatus>(
            saga,
            () => instance.Status,
            status => throw new InvalidOperationException($"Saga '{saga.Name}' {instance.Id}: this machine only inspects the instance; fire the message with the definition's Fire(...) (would enter {status})."),
            instance,
            timeProvider ?? TimeProvider.System).Build();
    }

    /// <summary>A machine over a state the caller keeps. Not thread-safe: build one per caller.</summary>
    /// <remarks>
    /// Without <paramref name="instance"/> it answers for a saga that has just entered its state: no join message arrived
    /// yet, its timeout or task pending, an undo command possibly awaiting its confirmation, and every guard possibly holding.
    /// </remarks>
    /// <typeparam name="TData">The saga's data.</typeparam>
    /// <typeparam name="TStatus">The saga's states.</typeparam>
    /// <param name="saga">The definition; validated.</param>
    /// <param name="read">Reads the current state.</param>
    /// <param name="write">Writes the state the saga is in after a fired trigger: also for a trigger that stays (SagaHub's <c>Stay()</c>, a join arrival), never for an ignored one.</param>
    /// <param name="instance">Optional: the instance whose bookkeeping and data the guards read.</param>
    /// <param name="timeProvider">The clock guards see when a message is given (<see cref="TimeProvider.System"/> when omitted).</param>
    /// <returns>The machine.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in required parameters (an instance, or a read and a write), so no call is ambiguous.")]
    public static StateMachine<TStatus, SagaTrigger> ToStateMachine<TData, TStatus>(
        this SagaDefinition<TData, TStatus> saga, Func<TStatus> read, Action<TStatus> write, SagaInstance<TData, TStatus>? instance = null, TimeProvider? timeProvider = null)
        where TData : class, new()
        where TStatus : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(saga);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(write);
        return new SagaMachineBuilder<TData, TStatus>(saga, read, write, instance, timeProvider ?? TimeProvider.System).Build();
    }

    /// <summary>Whether <paramref name="trigger"/> can fire with <paramref name="message"/>: on a machine built with an instance, the guards of <c>If(...)</c> are then evaluated exactly.</summary>
    /// <typeparam name="TStatus">The saga's states.</typeparam>
    /// <param name="machine">A machine from <c>ToStateMachine</c>.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="message">The message (or <see cref="SagaTimeoutElapsed"/>, <see cref="HumanTaskCompleted"/>) that carries it.</param>
    /// <returns>Whether the machine handles it (a transition, a stay, or an ignore by declaration); false where the engine rejects it.</returns>
    public static bool CanFire<TStatus>(this StateMachine<TStatus, SagaTrigger> machine, SagaTrigger trigger, object message)
        where TStatus : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(message);
        return machine.CanFire(new StateMachine<TStatus, SagaTrigger>.TriggerWithParameters<object?>(trigger), message);
    }

    /// <summary>Fires <paramref name="trigger"/> with <paramref name="message"/>, so guards and dynamic destinations see it.</summary>
    /// <typeparam name="TStatus">The saga's states.</typeparam>
    /// <param name="machine">A machine from <c>ToStateMachine(read, write, ...)</c>.</param>
    /// <param name="trigger">The trigger.</param>
    /// <param name="message">The message that carries it.</param>
    public static void Fire<TStatus>(this StateMachine<TStatus, SagaTrigger> machine, SagaTrigger trigger, object message)
        where TStatus : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(message);
        machine.Fire(new StateMachine<TStatus, SagaTrigger>.TriggerWithParameters<object?>(trigger), message);
    }
}
