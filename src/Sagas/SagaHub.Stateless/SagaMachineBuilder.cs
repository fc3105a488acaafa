using Stateless;
using Stateless.Reflection;

namespace SagaHub.Stateless;

/// <summary>
/// Builds the Stateless machine of a saga from its <see cref="SagaGraph"/>: per state and trigger, the behaviours the
/// engine would choose between, in the engine's order, each guarded so that at most one holds.
/// </summary>
/// <typeparam name="TData">The saga's data.</typeparam>
/// <typeparam name="TStatus">The saga's states.</typeparam>
internal sealed class SagaMachineBuilder<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    private readonly SagaDefinition<TData, TStatus> saga;
    private readonly SagaGraph graph;
    private readonly InstanceConditions<TData, TStatus> conditions;
    private readonly StateMachine<TStatus, SagaTrigger> machine;
    private readonly Action<TStatus> write;
    private readonly Dictionary<SagaTrigger, StateMachine<TStatus, SagaTrigger>.TriggerWithParameters<object?>> parameters = [];

    public SagaMachineBuilder(SagaDefinition<TData, TStatus> saga, Func<TStatus> read, Action<TStatus> write, SagaInstance<TData, TStatus>? instance, TimeProvider time)
    {
        this.saga = saga;
        this.write = write;
        graph = saga.Describe();
        conditions = new InstanceConditions<TData, TStatus>(saga, graph, instance, time);
        machine = new StateMachine<TStatus, SagaTrigger>(read, write);
    }

    public StateMachine<TStatus, SagaTrigger> Build()
    {
        foreach (var state in graph.States)
        {
            var status = Status(state.Name);
            var configuration = machine.Configure(status);
            if (state.IsFinal)
            {
                continue; // a final state accepts nothing
            }

            foreach (var (trigger, rules) in RulesOf(state))
            {
                foreach (var rule in rules)
                {
                    Apply(configuration, status, Parameters(trigger), rule);
                }
            }
        }

        return machine;
    }

    private IEnumerable<(SagaTrigger Trigger, List<SagaMachineRule<TStatus>> Rules)> RulesOf(SagaGraphState state)
    {
        var transitions = graph.TransitionsFrom(state.Name);
        var confirmations = state.IsCompensating ? graph.Compensation!.Confirmations : [];
        var messageTypes = transitions.Where(t => t.TriggerKind == SagaTriggerKind.Message).Select(t => t.MessageType!)
            .Concat(state.IgnoredMessageTypes)
            .Concat(state.JoinMessageTypes)
            .Concat(confirmations.SelectMany(c => new[] { c.ConfirmationType, c.FaultType }))
            .Distinct();
        foreach (var type in messageTypes)
        {
            yield return (SagaTrigger.Message(type), MessageRules(state, type, transitions, confirmations));
        }

        var timeout = TimeoutRules(state, transitions);
        if (timeout.Count > 0)
        {
            yield return (SagaTrigger.Timeout, timeout);
        }

        foreach (var trigger in new[] { SagaTrigger.TaskApproved, SagaTrigger.TaskRejected, SagaTrigger.TaskExpired })
        {
            var outcomes = transitions.Where(t => t.TriggerKind == trigger.Kind).ToList();
            if (outcomes.Count == 0)
            {
                continue;
            }

            var (when, why) = trigger.Kind == SagaTriggerKind.TaskExpired
                ? ((Func<object?, bool>)(m => conditions.DeadlinePending(SagaDeadlineKind.TaskExpiry, m)), "the task's expiry is pending")
                : (conditions.TaskOpen, "the task is open");
            yield return (trigger, new ExclusiveRules<TStatus>().Then(when, why, GroupRules(state, trigger, outcomes)).Rules);
        }
    }

    /// <summary>One message in one state, in the engine's order: compensation reply, join arrival, ignore, declared transitions.</summary>
    private List<SagaMachineRule<TStatus>> MessageRules(SagaGraphState state, Type type, IReadOnlyList<SagaGraphTransition> transitions, IReadOnlyList<SagaGraphConfirmation> confirmations)
    {
        var rules = new ExclusiveRules<TStatus>();
        var status = Status(state.Name);
        foreach (var confirmation in confirmations)
        {
            var command = confirmation.CommandType;
            if (confirmation.ConfirmationType == type)
            {
                var next = new DynamicStateInfos { { state.Name, "another undo command waits for its confirmation" } };
                foreach (var target in CompensationTargets())
                {
                    next.Add(target, "compensation complete");
                }

                rules.Then(_ => conditions.Awaits(command), $"awaiting the confirmation of {command.Name}", [SagaMachineRule<TStatus>.Dynamic(_ => conditions.AfterConfirmation(status), "confirmed", next)]);
            }

            if (confirmation.FaultType == type)
            {
                rules.Then(_ => conditions.Awaits(command), $"awaiting the confirmation of {command.Name}", [SagaMachineRule<TStatus>.Move(Status(graph.Compensation!.FailureState), "compensation failed")]);
            }
        }

        if (state.JoinMessageTypes.Contains(type))
        {
            var completes = GroupRules(state, SagaTrigger.Message(type), [.. transitions.Where(t => t.TriggerKind == SagaTriggerKind.Join)]);
            rules.Then(null, null, [
                SagaMachineRule<TStatus>.Ignore(_ => conditions.Arrived(type), "already arrived"),
                .. completes.Select(r => r.And(_ => !conditions.Arrived(type) && conditions.CompletesJoin(state, type), "completes the join")),
                SagaMachineRule<TStatus>.Stay(_ => !conditions.Arrived(type) && !conditions.CompletesJoin(state, type), "arrives for the join"),
            ]);
        }

        if (state.IgnoredMessageTypes.Contains(type))
        {
            rules.Then(null, null, [SagaMachineRule<TStatus>.Ignore(null, "ignored")]);
        }

        var declared = transitions.Where(t => t.TriggerKind == SagaTriggerKind.Message && t.MessageType == type).ToList();
        if (declared.Count > 0)
        {
            rules.Then(null, null, GroupRules(state, SagaTrigger.Message(type), declared));
        }

        return rules.Rules;
    }

    private List<SagaMachineRule<TStatus>> TimeoutRules(SagaGraphState state, IReadOnlyList<SagaGraphTransition> transitions)
    {
        var rules = new ExclusiveRules<TStatus>();
        if (state.IsCompensating && graph.Compensation!.Timeout is not null)
        {
            rules.Then(m => conditions.DeadlinePending(SagaDeadlineKind.Timeout, m) && conditions.AwaitsAny(), "an undo command is not confirmed in time", [SagaMachineRule<TStatus>.Move(Status(graph.Compensation.FailureState), "compensation failed")]);
        }

        var declared = transitions.Where(t => t.TriggerKind == SagaTriggerKind.Timeout).ToList();
        if (declared.Count > 0)
        {
            rules.Then(m => conditions.DeadlinePending(SagaDeadlineKind.Timeout, m), "the timeout is pending", GroupRules(state, SagaTrigger.Timeout, declared));
        }

        return rules.Rules;
    }

    /// <summary>The transitions declared for one trigger: one unguarded transition is fixed; guarded ones become one dynamic transition the engine's guards resolve.</summary>
    private List<SagaMachineRule<TStatus>> GroupRules(SagaGraphState state, SagaTrigger trigger, List<SagaGraphTransition> group)
    {
        if (group.Count == 0)
        {
            return [];
        }

        if (group is [{ IsGuarded: false } single])
        {
            if (single.Stays)
            {
                return [SagaMachineRule<TStatus>.Stay(null, "stays")];
            }

            if (single.StartsCompensation)
            {
                var compensating = Status(single.CompensationState!);
                var target = Status(single.Target!);
                return [SagaMachineRule<TStatus>.Dynamic(
                    _ => conditions.CompensationWaits(single) ? compensating : target,
                    "compensates",
                    new DynamicStateInfos { { single.CompensationState!, "an undo command waits for its confirmation" }, { single.Target!, "nothing to wait for" } })];
            }

            return [SagaMachineRule<TStatus>.Move(Status(single.Target!), "always")];
        }

        var possible = new DynamicStateInfos();
        foreach (var transition in group)
        {
            var criterion = transition.GuardReason ?? (transition.IsOtherwise ? "otherwise" : "always");
            possible.Add(transition.StartsCompensation ? transition.CompensationState! : transition.Target ?? state.Name, criterion);
        }

        var reasons = string.Join(" | ", group.Select(t => t.GuardReason ?? (t.IsOtherwise ? "otherwise" : "always")));
        return [SagaMachineRule<TStatus>.Dynamic(
            m => conditions.CanAsk(trigger, m)
                ? Status(conditions.Ask(trigger, m!).To)
                : throw new InvalidOperationException($"Saga '{saga.Name}', state {state.Name}, trigger {trigger}: which transition applies depends on its guards ({reasons}); fire it with its message, on a machine built with the instance."),
            reasons,
            possible) with { Guard = m => !conditions.CanAsk(trigger, m) || conditions.Ask(trigger, m!).Outcome == FireOutcome.Applied }];
    }

    private IEnumerable<string> CompensationTargets() =>
        graph.Transitions.Where(t => t.StartsCompensation).Select(t => t.Target!).Distinct(StringComparer.Ordinal);

    private void Apply(StateMachine<TStatus, SagaTrigger>.StateConfiguration configuration, TStatus state, StateMachine<TStatus, SagaTrigger>.TriggerWithParameters<object?> trigger, SagaMachineRule<TStatus> rule)
    {
        var guard = rule.Guard;
        switch (rule.Kind)
        {
            case SagaMachineBehaviour.Ignore when guard is null:
                configuration.Ignore(trigger.Trigger);
                break;
            case SagaMachineBehaviour.Ignore:
                configuration.IgnoreIf(trigger, guard, rule.Description);
                break;
            case SagaMachineBehaviour.Stay when guard is null:
                configuration.InternalTransition(trigger, (_, _) => write(state));
                break;
            case SagaMachineBehaviour.Stay:
                configuration.InternalTransitionIf(trigger, guard, (_, _) => write(state), rule.Description);
                break;
            case SagaMachineBehaviour.Move when EqualityComparer<TStatus>.Default.Equals(rule.Destination, state) && guard is null:
                configuration.PermitReentry(trigger.Trigger);
                break;
            case SagaMachineBehaviour.Move when EqualityComparer<TStatus>.Default.Equals(rule.Destination, state):
                configuration.PermitReentryIf(trigger, guard, rule.Description);
                break;
            case SagaMachineBehaviour.Move when guard is null:
                configuration.Permit(trigger.Trigger, rule.Destination);
                break;
            case SagaMachineBehaviour.Move:
                configuration.PermitIf(trigger, rule.Destination, guard, rule.Description);
                break;
            case SagaMachineBehaviour.Dynamic when guard is null:
                configuration.PermitDynamic(trigger, rule.Select!, rule.Description, rule.Possible);
                break;
            default:
                configuration.PermitDynamicIf(trigger, rule.Select!, guard, rule.Description, rule.Possible);
                break;
        }
    }

    private StateMachine<TStatus, SagaTrigger>.TriggerWithParameters<object?> Parameters(SagaTrigger trigger)
    {
        if (!parameters.TryGetValue(trigger, out var configured))
        {
            configured = machine.SetTriggerParameters<object?>(trigger);
            parameters.Add(trigger, configured);
        }

        return configured;
    }

    private static TStatus Status(string name) => Enum.Parse<TStatus>(name);
}
