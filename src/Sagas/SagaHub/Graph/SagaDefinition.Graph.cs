using System.Globalization;

namespace SagaHub;

/// <content>The definition's graph, read from the model the engine runs.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    private SagaGraph? graph;

    /// <summary>Describes the definition as read-only data: states, transitions, guards, timeouts, tasks, joins and compensation. Validates it first.</summary>
    /// <returns>The graph; the same instance on every call.</returns>
    /// <exception cref="SagaDefinitionException">The definition is invalid.</exception>
    public SagaGraph Describe()
    {
        Validate();
        return graph ??= BuildGraph();
    }

    private SagaGraph BuildGraph()
    {
        var ordered = states.Values.OrderBy(s => Convert.ToInt64(s.Status, CultureInfo.InvariantCulture)).ToList();
        var transitions = initial.Transitions.Select(t => GraphTransition(null, t))
            .Concat(ordered.SelectMany(s => s.Transitions.Select(t => GraphTransition(s.Name, t))))
            .ToList();
        return new SagaGraph
        {
            SagaName = Name,
            InitialStateName = InitialStateName,
            States = [.. ordered.Select(GraphState)],
            Transitions = transitions,
            Compensation = GraphCompensation(),
            MessageTypes = GraphMessageTypes(ordered),
        };
    }

    private SagaGraphTransition GraphTransition(string? from, TransitionModel<TData, TStatus> transition) => new()
    {
        From = from,
        TriggerKind = transition.Kind switch
        {
            TriggerKind.Message => SagaTriggerKind.Message,
            TriggerKind.Timeout => SagaTriggerKind.Timeout,
            TriggerKind.TaskApproved => SagaTriggerKind.TaskApproved,
            TriggerKind.TaskRejected => SagaTriggerKind.TaskRejected,
            TriggerKind.TaskExpired => SagaTriggerKind.TaskExpired,
            TriggerKind.RetriesExhausted => SagaTriggerKind.RetriesExhausted,
            _ => SagaTriggerKind.Join,
        },
        MessageType = transition.Kind == TriggerKind.Message ? transition.MessageType : null,
        TriggerName = transition.TriggerName,
        GuardReason = transition.GuardReason,
        IsOtherwise = transition.IsOtherwise,
        Target = transition.Target?.ToString(),
        StartsCompensation = transition.Compensate,
        CompensationState = transition.Compensate ? compensation?.Status.ToString() : null,
        CompensationCommandTypes = [.. transition.Compensations.Select(c => c.CommandType)],
        HasActions = transition.Actions.Count > 0,
    };

    private SagaGraphState GraphState(StateModel<TData, TStatus> state) => new()
    {
        Name = state.Name,
        IsFinal = state.IsFinal,
        IsParked = state.IsParked,
        ExpectedWithin = state.ExpectedWithin,
        IsCompensating = compensation is { } model && EqualityComparer<TStatus>.Default.Equals(model.Status, state.Status),
        Timeout = state.TimeoutAfter,
        TimeoutDescription = state.TimeoutFrom is null ? null : state.TimeoutDescription,
        HumanTask = state.Task is { } task
            ? new SagaGraphHumanTask
            {
                Name = task.Name,
                Assignee = task.Assignee!, // Validate() requires AssignTo and DueIn
                DueIn = task.DueIn!.Value,
                EscalateTo = task.EscalateTo,
                ExpireAfterEscalation = task.ExpireAfterEscalation,
            }
            : null,
        JoinMessageTypes = [.. state.Join?.Members.Select(m => m.MessageType) ?? []],
        IgnoredMessageTypes = [.. state.Ignored],
        HasEntryActions = state.OnEnter.Count > 0,
        HasExitActions = state.OnExit.Count > 0,
    };

    private SagaGraphCompensation? GraphCompensation() => compensation is not { } model
        ? null
        : new SagaGraphCompensation
        {
            State = model.Status.ToString(),
            FailureState = model.FailureState!.Value.ToString(), // Validate() requires OnFailure
            Timeout = model.Timeout,
            CommandTypes = [.. compensationTypes.Values],
            Confirmations = [.. model.Confirmations.Select(c => new SagaGraphConfirmation(c.Key, c.Value, FaultTypeOf(c.Key)))],
            HasFailureActions = model.OnFailure.Count > 0,
        };

    private List<Type> GraphMessageTypes(List<StateModel<TData, TStatus>> ordered)
    {
        var types = new List<Type>();
        void Add(Type type)
        {
            if (!types.Contains(type))
            {
                types.Add(type);
            }
        }

        foreach (var state in ordered.Prepend(initial))
        {
            foreach (var transition in state.Transitions.Where(t => t.Kind == TriggerKind.Message))
            {
                Add(transition.MessageType);
            }

            foreach (var type in state.Ignored.Concat(state.Join?.Members.Select(m => m.MessageType) ?? []))
            {
                Add(type);
            }
        }

        foreach (var (command, confirmation) in compensation?.Confirmations ?? [])
        {
            Add(confirmation);
            Add(FaultTypeOf(command));
        }

        return types;
    }

    /// <summary>The message a command's consumer publishes when it gives up (the engine and export name the same type).</summary>
    private static Type FaultTypeOf(Type command) => SagaFaults.Of(command);
}
