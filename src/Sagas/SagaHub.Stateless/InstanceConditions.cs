using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace SagaHub.Stateless;

/// <summary>
/// What the machine's guards read from a saga instance: join arrivals, the awaited undo command, the open task, the
/// pending deadline and, given the message, the engine's own answer on a copy.
/// </summary>
/// <remarks>Without an instance every answer is the one for a saga that has just entered its state.</remarks>
/// <typeparam name="TData">The saga's data.</typeparam>
/// <typeparam name="TStatus">The saga's states.</typeparam>
internal sealed class InstanceConditions<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    private static readonly MethodInfo FireMethod = typeof(SagaDefinition<TData, TStatus>).GetMethod(nameof(SagaDefinition<TData, TStatus>.Fire))!;
    private static readonly ConcurrentDictionary<Type, MethodInfo> FireMethods = new();

    private readonly SagaDefinition<TData, TStatus> saga;
    private readonly SagaInstance<TData, TStatus>? instance;
    private readonly TimeProvider time;
    private readonly HashSet<string> confirmedCommands;

    public InstanceConditions(SagaDefinition<TData, TStatus> saga, SagaGraph graph, SagaInstance<TData, TStatus>? instance, TimeProvider time)
    {
        this.saga = saga;
        this.instance = instance;
        this.time = time;
        confirmedCommands = [.. graph.Compensation?.Confirmations.Select(c => TypeName(c.CommandType)) ?? []];
    }

    public bool HasInstance => instance is not null;

    /// <summary>Whether a join member already arrived (then the engine ignores it).</summary>
    public bool Arrived(Type member) => instance?.JoinArrivals.Contains(member.Name, StringComparer.Ordinal) ?? false;

    /// <summary>Whether <paramref name="member"/> is the only member of the join still missing (its arrival completes the join).</summary>
    public bool CompletesJoin(SagaGraphState state, Type member) =>
        instance is { } known && state.JoinMessageTypes.All(m => m == member || known.JoinArrivals.Contains(m.Name, StringComparer.Ordinal));

    /// <summary>Whether the compensation waits for the confirmation of <paramref name="command"/>.</summary>
    public bool Awaits(Type command) => instance is null || instance.Compensating?.Awaiting?.MessageType == TypeName(command);

    /// <summary>Whether the compensation waits for any confirmation.</summary>
    public bool AwaitsAny() => instance is null || instance.Compensating?.Awaiting is not null;

    /// <summary>Whether a deadline of <paramref name="kind"/> is pending (and is the one <paramref name="message"/> names, when given).</summary>
    public bool DeadlinePending(SagaDeadlineKind kind, object? message) =>
        instance is null
        || (instance.Deadline is { } deadline && deadline.Kind == kind && (message is not SagaTimeoutElapsed elapsed || elapsed.DeadlineId == deadline.Id));

    /// <summary>Whether the state's human task is open (and is the one <paramref name="message"/> decides, when given).</summary>
    public bool TaskOpen(object? message) =>
        instance is null
        || (instance.Task is { Status: HumanTaskStatus.Open } task && (message is not HumanTaskCompleted decision || decision.TaskId == task.TaskId));

    /// <summary>Whether a compensation started now would wait in the compensating state: an undo command on the stack, or one the transition registers, needs a confirmation.</summary>
    public bool CompensationWaits(SagaGraphTransition transition) =>
        Known().Compensations.Select(c => c.MessageType).Concat(transition.CompensationCommandTypes.Select(TypeName)).Any(confirmedCommands.Contains);

    /// <summary>Where a confirmation leads: the next undo command that needs one keeps the saga compensating, else it enters the run's target.</summary>
    public TStatus AfterConfirmation(TStatus compensating)
    {
        var known = Known();
        if (known.Compensations.Any(c => confirmedCommands.Contains(c.MessageType)))
        {
            return compensating;
        }

        return known.Compensating is { } run ? Enum.Parse<TStatus>(run.TargetState) : compensating;
    }

    /// <summary>Whether the engine's answer to <paramref name="message"/> can be asked: an instance, and a message of the trigger's type.</summary>
    public bool CanAsk(SagaTrigger trigger, object? message) => instance is not null && message is not null && trigger.EngineMessageType.IsInstanceOfType(message);

    /// <summary>The engine's answer: the message fired at a copy of the instance (its changes and outgoing messages are dropped).</summary>
    public FireResult Ask(SagaTrigger trigger, object message)
    {
        var copy = saga.FromSnapshot(saga.ToSnapshot(Known()));
        var fire = FireMethods.GetOrAdd(trigger.EngineMessageType, type => FireMethod.MakeGenericMethod(type));
        return (FireResult)fire.Invoke(saga, BindingFlags.DoNotWrapExceptions, null, [copy, message, null, time.GetUtcNow()], CultureInfo.InvariantCulture)!;
    }

    private SagaInstance<TData, TStatus> Known() => instance ?? throw new InvalidOperationException(
        $"Saga '{saga.Name}': the destination depends on the saga instance; build the machine with ToStateMachine(instance) or pass the instance to ToStateMachine(read, write, instance).");

    private static string TypeName(Type type) => type.FullName ?? type.Name;
}
