using System.Text.Json;
using MassTransit;

namespace SagaHub;

/// <content>The interpreter: fires one message at one instance.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates a saga instance that no message has started yet (for a pure unit test).</summary>
    /// <param name="sagaId">Its correlation id.</param>
    /// <returns>The instance; fire an initiating message at it first.</returns>
    public SagaInstance<TData, TStatus> NewInstance(Guid sagaId) => new(sagaId, new TData());

    /// <summary>
    /// Fires one message at an instance, without a bus: runs guards, actions, compensations,
    /// exit and entry actions, sets the deadline and appends history. What the transition sends
    /// is returned in <see cref="FireResult.Outgoing"/>. The definition is validated on first use.
    /// </summary>
    /// <typeparam name="TMessage">The message type as the saga declares it (for example <c>Fault&lt;ChargePayment&gt;</c>).</typeparam>
    /// <param name="instance">The instance; changed in place.</param>
    /// <param name="message">The message.</param>
    /// <param name="messageId">Its id; a new one when omitted.</param>
    /// <param name="at">The time of the transition; now when omitted.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="SagaNotFoundException">The instance has not started and the message cannot start it.</exception>
    /// <exception cref="SagaExecutionException">Two guards passed at once, or a command has no route.</exception>
    public FireResult Fire<TMessage>(SagaInstance<TData, TStatus> instance, TMessage message, Guid? messageId = null, DateTimeOffset? at = null)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(message);
        var type = typeof(TMessage);
        if (!type.IsInterface && message is Fault)
        {
            // a concrete fault class stands for the Fault<T> interface the saga declares
            type = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Fault<>)) ?? type;
        }

        return FireCore(instance, type, message, messageId ?? Guid.NewGuid(), at ?? TimeProvider.System.GetUtcNow());
    }

    /// <summary>Fires the instance's pending deadline (timeout, task escalation or expiry) as if its timer had come due.</summary>
    /// <param name="instance">The instance; it must have a deadline.</param>
    /// <param name="at">The time; the deadline's due time when omitted.</param>
    /// <returns>What happened.</returns>
    public FireResult FireDeadline(SagaInstance<TData, TStatus> instance, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var deadline = instance.Deadline ?? throw new InvalidOperationException($"Saga '{Name}' {instance.Id} in state {instance.Status} has no pending deadline.");
        return Fire(instance, new SagaTimeoutElapsed(Name, instance.Id, deadline.Id, deadline.DueAt), null, at ?? deadline.DueAt);
    }

    internal FireResult FireCore(SagaInstance<TData, TStatus> instance, Type messageType, object message, Guid messageId, DateTimeOffset now)
    {
        Validate();
        var run = new Run(this, instance, messageType, message, messageId, now);
        run.Execute();
        return run.Result();
    }

    private sealed class Run
    {
        private readonly SagaDefinition<TData, TStatus> saga;
        private readonly SagaInstance<TData, TStatus> instance;
        private readonly Type messageType;
        private readonly object message;
        private readonly Guid messageId;
        private readonly DateTimeOffset now;
        private readonly FireEffects effects;
        private readonly List<SagaHistoryEntry> appended = [];
        private readonly string from;
        private FireOutcome outcome = FireOutcome.Applied;
        private string? reason;
        private int idCounter;

        public Run(SagaDefinition<TData, TStatus> saga, SagaInstance<TData, TStatus> instance, Type messageType, object message, Guid messageId, DateTimeOffset now)
        {
            this.saga = saga;
            this.instance = instance;
            this.messageType = messageType;
            this.message = message;
            this.messageId = messageId;
            this.now = now;
            effects = new FireEffects(instance.Id, messageId, saga.RouteOf, saga.Name);
            from = CurrentName;
        }

        private string CurrentName => instance.IsStarted ? instance.Status.ToString() : InitialStateName;

        private StateModel<TData, TStatus> Current => instance.IsStarted ? saga.State(instance.Status) : saga.initial;

        private string TriggerName => messageType.IsGenericType && messageType.GetGenericTypeDefinition() == typeof(Fault<>)
            ? $"Fault<{messageType.GetGenericArguments()[0].Name}>"
            : messageType.Name;

        public FireResult Result() => new(outcome, from, CurrentName, appended, effects.Outgoing, reason);

        public void Execute()
        {
            if (!instance.IsStarted)
            {
                var starts = saga.initial.For(TriggerKind.Message, messageType).ToList();
                if (starts.Count == 0)
                {
                    throw new SagaNotFoundException(saga.Name, instance.Id, TriggerName);
                }

                var first = Choose(starts);
                if (first is null)
                {
                    return;
                }

                instance.CreatedAt = now;
                Take(first, message); // MoveTo marks the instance started
                return;
            }

            if (message is SagaTimeoutElapsed elapsed)
            {
                OnDeadline(elapsed);
                return;
            }

            if (instance.IsFinal)
            {
                Reject($"the saga is in final state {CurrentName}");
                return;
            }

            if (message is HumanTaskCompleted decision)
            {
                OnDecision(decision);
                return;
            }

            if (instance.Compensating is { Awaiting: { } awaiting } && TryCompensationReply(awaiting))
            {
                return;
            }

            var state = Current;
            if (state.Join is { } join && join.Members.FindIndex(m => m.MessageType == messageType) is var index and >= 0)
            {
                OnArrival(state, join, index);
                return;
            }

            if (state.Ignored.Contains(messageType))
            {
                outcome = FireOutcome.Ignored;
                reason = $"state {CurrentName} ignores {TriggerName}";
                Append(CurrentName, TriggerName, SagaHistoryKind.Ignored, reason);
                return;
            }

            var candidates = state.For(TriggerKind.Message, messageType).ToList();
            if (candidates.Count == 0)
            {
                Reject($"{TriggerName} is not permitted in state {CurrentName}");
                return;
            }

            if (Choose(candidates) is { } chosen)
            {
                Take(chosen, message);
            }
        }

        private void OnDeadline(SagaTimeoutElapsed elapsed)
        {
            if (instance.Deadline is not { } deadline || deadline.Id != elapsed.DeadlineId)
            {
                outcome = FireOutcome.Stale;
                reason = $"deadline {elapsed.DeadlineId} is no longer pending in state {CurrentName}";
                return;
            }

            instance.Deadline = null;
            var state = Current;
            switch (deadline.Kind)
            {
                case SagaDeadlineKind.Timeout when instance.Compensating is { Awaiting: { } awaiting }:
                    FailCompensation(awaiting, "Timeout", $"no confirmation of {ShortName(awaiting.MessageType)} in time");
                    return;
                case SagaDeadlineKind.Timeout:
                    TakeFirst(state.For(TriggerKind.Timeout).ToList(), elapsed);
                    return;
                case SagaDeadlineKind.TaskEscalation:
                    Escalate(state, elapsed);
                    return;
                default:
                    instance.Task = instance.Task! with { Status = HumanTaskStatus.Expired, ClosedAt = now };
                    TakeFirst(state.For(TriggerKind.TaskExpired).ToList(), elapsed);
                    return;
            }
        }

        private void TakeFirst(List<TransitionModel<TData, TStatus>> candidates, object trigger)
        {
            if (candidates.Count == 0)
            {
                Reject($"state {CurrentName} declares nothing for its deadline");
                return;
            }

            if (Choose(candidates, trigger) is { } chosen)
            {
                Take(chosen, trigger);
            }
        }

        private void Escalate(StateModel<TData, TStatus> state, SagaTimeoutElapsed elapsed)
        {
            var model = state.Task!;
            var task = instance.Task!;
            var expires = model.ExpireAfterEscalation is { } after ? now + after : (DateTimeOffset?)null;
            instance.Task = task with { Assignee = model.EscalateTo!, Escalated = true, ExpiresAt = expires };
            var ctx = new SagaContext<TData, SagaTimeoutElapsed>(instance.Id, instance.Data, CurrentName, now, effects, elapsed, messageId);
            foreach (var action in model.OnEscalated)
            {
                action(ctx);
            }

            if (expires is { } at)
            {
                instance.Deadline = new SagaDeadline(NextId(), at, SagaDeadlineKind.TaskExpiry);
            }

            Append(CurrentName, "Escalated", SagaHistoryKind.TaskEscalated, $"'{task.Name}' past due; reassigned from {task.Assignee} to {model.EscalateTo}");
        }

        private void OnDecision(HumanTaskCompleted decision)
        {
            if (instance.Task is not { } task || task.TaskId != decision.TaskId || task.Status != HumanTaskStatus.Open)
            {
                Reject($"task {decision.TaskId} is not open in state {CurrentName}");
                return;
            }

            var kind = decision.Approved ? TriggerKind.TaskApproved : TriggerKind.TaskRejected;
            var candidates = Current.For(kind).ToList();
            if (candidates.Count == 0)
            {
                Reject($"state {CurrentName} declares nothing for a task {(decision.Approved ? "approval" : "rejection")}");
                return;
            }

            if (Choose(candidates, decision) is not { } chosen)
            {
                return; // rejected by its guard: the task stays open
            }

            instance.Task = task with
            {
                Status = decision.Approved ? HumanTaskStatus.Approved : HumanTaskStatus.Rejected,
                DecidedBy = decision.By,
                ClosedAt = now,
            };
            Take(chosen, decision);
        }

        private void OnArrival(StateModel<TData, TStatus> state, JoinModel<TData> join, int index)
        {
            var member = join.Members[index];
            var name = member.MessageType.Name;
            if (instance.JoinArrivalList.Contains(name))
            {
                outcome = FireOutcome.Ignored;
                reason = $"{name} already arrived for the join of state {CurrentName}";
                Append(CurrentName, TriggerName, SagaHistoryKind.Ignored, reason);
                return;
            }

            instance.JoinArrivalList.Add(name);
            member.OnArrival?.Invoke(member.MakeContext(Args(), message));
            Append(CurrentName, TriggerName, SagaHistoryKind.JoinArrival, $"{instance.JoinArrivalList.Count} of {join.Members.Count} arrived");
            if (instance.JoinArrivalList.Count == join.Members.Count)
            {
                TakeFirst(state.For(TriggerKind.Join).ToList(), new JoinCompleted([.. instance.JoinArrivalList]));
            }
        }

        private bool TryCompensationReply(PendingCompensation awaiting)
        {
            var model = saga.compensation!;
            var command = saga.compensationTypes[awaiting.MessageType];
            if (model.Confirmations.TryGetValue(command, out var confirmation) && confirmation == messageType)
            {
                Append(CurrentName, TriggerName, SagaHistoryKind.Compensated, $"{command.Name} confirmed (undid {awaiting.Step})");
                instance.Deadline = null;
                instance.Compensating = instance.Compensating! with { Awaiting = null };
                ContinueCompensation(TriggerName);
                return true;
            }

            if (messageType == typeof(Fault<>).MakeGenericType(command))
            {
                FailCompensation(awaiting, TriggerName, $"{command.Name} failed: {FaultMessage((Fault)message)}");
                return true;
            }

            return false;
        }

        private void FailCompensation(PendingCompensation awaiting, string trigger, string why)
        {
            var model = saga.compensation!;
            instance.CompensationStack.Add(awaiting); // back on the stack: an operator can retry it
            instance.Compensating = null;
            instance.Deadline = null;
            var ctx = new SagaContext<TData>(instance.Id, instance.Data, CurrentName, now, effects);
            foreach (var alert in model.OnFailure)
            {
                alert(ctx);
            }

            MoveTo(model.FailureState!.Value, trigger, $"compensation failed: {why}");
        }

        private TransitionModel<TData, TStatus>? Choose(List<TransitionModel<TData, TStatus>> candidates, object? trigger = null)
        {
            trigger ??= message;
            if (candidates.Count == 1 && candidates[0].Guard is null)
            {
                return candidates[0];
            }

            var passed = new List<TransitionModel<TData, TStatus>>();
            var failed = new List<string>();
            var probe = new FireEffects(instance.Id, messageId, saga.RouteOf, saga.Name); // guards must not act; anything they send is dropped
            foreach (var candidate in candidates.Where(c => c.Guard is not null))
            {
                var args = new ContextArgs<TData>(instance.Id, instance.Data, CurrentName, now, probe, messageId);
                if (candidate.Guard!(candidate.MakeContext(args, trigger)))
                {
                    passed.Add(candidate);
                }
                else
                {
                    failed.Add(candidate.GuardReason!);
                }
            }

            if (passed.Count > 1)
            {
                throw new SagaExecutionException(
                    $"Saga '{saga.Name}' {instance.Id}, state {CurrentName}, trigger {TriggerName}: guards '{passed[0].GuardReason}' and '{passed[1].GuardReason}' both hold; guards on one trigger must exclude each other.");
            }

            if (passed.Count == 1)
            {
                return passed[0];
            }

            var fallback = candidates.FirstOrDefault(c => c.IsOtherwise) ?? candidates.FirstOrDefault(c => c.Guard is null);
            if (fallback is not null)
            {
                return fallback;
            }

            Reject($"no guard held in state {CurrentName}: {string.Join("; ", failed.Select(f => $"not ({f})"))}");
            return null;
        }

        private void Take(TransitionModel<TData, TStatus> transition, object trigger)
        {
            var ctx = transition.MakeContext(Args(), trigger);
            foreach (var action in transition.Actions)
            {
                action(ctx);
            }

            foreach (var (type, factory, destination) in transition.Compensations)
            {
                var undo = factory(ctx);
                var queue = destination ?? saga.RouteOf(type) ?? throw new SagaExecutionException(
                    $"Saga '{saga.Name}': compensation '{type.Name}' has no queue; add SendTo(\"queue\", typeof({type.Name})).");
                instance.CompensationStack.Add(new PendingCompensation(transition.TriggerName, type.FullName ?? type.Name, JsonSerializer.Serialize(undo, type, Json), queue));
            }

            var name = transition.Kind == TriggerKind.Message ? TriggerName : transition.TriggerName;
            var detail = WithFault(transition.GuardReason ?? (transition.IsOtherwise ? "otherwise" : null));
            if (transition.Compensate)
            {
                StartCompensation(transition.Target!.Value, name);
            }
            else if (transition.Target is { } target)
            {
                MoveTo(target, name, detail);
            }
            else
            {
                Append(CurrentName, name, SagaHistoryKind.Stayed, detail);
            }
        }

        private void StartCompensation(TStatus target, string trigger)
        {
            if (instance.CompensationStack.Count == 0)
            {
                MoveTo(target, trigger, WithFault("nothing to compensate"));
                return;
            }

            var model = saga.compensation!;
            instance.Compensating = new CompensationRun(target.ToString(), null, trigger);
            MoveTo(model.Status, trigger, WithFault($"compensating {instance.CompensationStack.Count} step(s), newest first"));
            ContinueCompensation(trigger);
        }

        private void ContinueCompensation(string trigger)
        {
            var model = saga.compensation!;
            while (instance.CompensationStack.Count > 0)
            {
                var next = instance.CompensationStack[^1];
                instance.CompensationStack.RemoveAt(instance.CompensationStack.Count - 1);
                var type = saga.compensationTypes[next.MessageType];
                var command = JsonSerializer.Deserialize(next.Payload, type, Json)!;
                effects.Send(type, command, next.Destination);
                Append(CurrentName, trigger, SagaHistoryKind.CompensationIssued, $"{type.Name} (undoes {next.Step})");
                if (model.Confirmations.ContainsKey(type))
                {
                    instance.Compensating = instance.Compensating! with { Awaiting = next };
                    if (model.Timeout is { } limit)
                    {
                        instance.Deadline = new SagaDeadline(NextId(), now + limit, SagaDeadlineKind.Timeout);
                    }

                    return;
                }
            }

            var run = instance.Compensating!;
            instance.Compensating = null;
            MoveTo(Enum.Parse<TStatus>(run.TargetState), trigger, $"compensation complete ({run.Reason})");
        }

        private void MoveTo(TStatus target, string trigger, string? detail)
        {
            var leaving = Current;
            var exitContext = new SagaContext<TData>(instance.Id, instance.Data, CurrentName, now, effects);
            foreach (var exit in leaving.OnExit)
            {
                exit(exitContext);
            }

            var fromName = CurrentName;
            instance.Deadline = null; // leaving a state cancels its timer; the new state sets its own

            instance.JoinArrivalList.Clear();
            if (instance.Task is { Status: HumanTaskStatus.Open } open)
            {
                instance.Task = open with { Status = HumanTaskStatus.Cancelled, ClosedAt = now };
            }

            instance.Status = target;
            instance.IsStarted = true;
            var entered = saga.State(target);
            instance.IsFinal = entered.IsFinal;
            Append(fromName, trigger, SagaHistoryKind.Transition, detail, to: entered.Name);

            var entryContext = new SagaContext<TData>(instance.Id, instance.Data, entered.Name, now, effects);
            foreach (var entry in entered.OnEnter)
            {
                entry(entryContext);
            }

            if (entered.TimeoutAfter is { } after)
            {
                instance.Deadline = new SagaDeadline(NextId(), now + after, SagaDeadlineKind.Timeout);
            }

            if (entered.Task is { } task)
            {
                var due = now + task.DueIn!.Value;
                instance.Task = new HumanTask(
                    NextId(), saga.Name, instance.Id, task.Name, entered.Name, task.Assignee!, task.EscalateTo, now, due, task.EscalateTo is null ? due : null, false, HumanTaskStatus.Open, null, null);
                instance.Deadline = new SagaDeadline(NextId(), due, task.EscalateTo is null ? SagaDeadlineKind.TaskExpiry : SagaDeadlineKind.TaskEscalation);
                Append(entered.Name, trigger, SagaHistoryKind.TaskCreated, $"'{task.Name}' for {task.Assignee}, due {due:u}");
            }
        }

        /// <summary>A transition a <c>Fault&lt;T&gt;</c> triggered records what the service said (its exception's message).</summary>
        private string? WithFault(string? detail) =>
            message is Fault fault
                ? string.Join("; ", new[] { detail, $"fault: {FaultMessage(fault)}" }.OfType<string>())
                : detail;

        private static string FaultMessage(Fault fault) => fault.Exceptions.FirstOrDefault()?.Message ?? "the service gave up";

        private void Reject(string why)
        {
            outcome = FireOutcome.Rejected;
            reason = why;
            Append(CurrentName, TriggerName, SagaHistoryKind.Rejected, why);
        }

        private void Append(string fromState, string trigger, SagaHistoryKind kind, string? detail, string? to = null)
        {
            var entry = new SagaHistoryEntry(instance.LastSequence + 1, fromState, to ?? fromState, trigger, messageId, now, kind, detail);
            instance.Append(entry);
            appended.Add(entry);
            instance.UpdatedAt = now;
        }

        private ContextArgs<TData> Args() => new(instance.Id, instance.Data, CurrentName, now, effects, messageId);

        private Guid NextId() => FireEffects.DeterministicId(instance.Id, messageId, 1_000_000 + idCounter++);

        private static string ShortName(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];
    }
}
