using System.Reflection;
using System.Text.Json;
using SagaHub.Tests.Support;

namespace SagaHub.Stateless.Tests.Support;

/// <summary>
/// Puts an instance of a saga into every state (with the bookkeeping that state can have: join arrivals, a compensation
/// run, a deadline, an open task), fires every trigger the saga knows at it through the engine, and asks the Stateless
/// machine the same: permitted, ignored or rejected, and where to. Records each disagreement, naming saga, state and trigger.
/// </summary>
/// <typeparam name="TData">The saga's data.</typeparam>
/// <typeparam name="TStatus">The saga's states.</typeparam>
public sealed class Differential<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly MethodInfo FireMethod = typeof(SagaDefinition<TData, TStatus>).GetMethod(nameof(SagaDefinition<TData, TStatus>.Fire))!;

    private readonly SagaDefinition<TData, TStatus> engine;
    private readonly SagaDefinition<TData, TStatus> mirrored;
    private readonly SagaGraph graph;
    private readonly Guid sagaId = Guid.NewGuid();
    private readonly TimeProvider time = new FixedTime(Clock.T0);

    /// <param name="engine">The saga whose engine answers.</param>
    /// <param name="mirrored">The saga whose Stateless machine answers; the same saga unless a test wants them to differ.</param>
    public Differential(SagaDefinition<TData, TStatus> engine, SagaDefinition<TData, TStatus>? mirrored = null)
    {
        this.engine = engine;
        this.mirrored = mirrored ?? engine;
        graph = engine.Describe();
    }

    public List<string> Disagreements { get; } = [];

    /// <summary>How many answers agreed, by the engine's answer ("applied", "ignored", "rejected", "stale", "guarded").</summary>
    public Dictionary<string, int> Agreed { get; } = [];

    public Differential<TData, TStatus> Run()
    {
        foreach (var state in graph.States)
        {
            foreach (var (variant, snapshot) in Variants(state))
            {
                foreach (var type in graph.MessageTypes)
                {
                    Compare(state, variant, snapshot, SagaTrigger.Message(type), SampleMessages.Create(type, sagaId));
                }

                CompareDeadline(state, variant, snapshot);
                var taskId = snapshot.Task?.TaskId ?? Guid.NewGuid();
                Compare(state, variant, snapshot, SagaTrigger.TaskApproved, new HumanTaskCompleted(graph.SagaName, sagaId, taskId, true, "tester", null));
                Compare(state, variant, snapshot, SagaTrigger.TaskRejected, new HumanTaskCompleted(graph.SagaName, sagaId, taskId, false, "tester", null));
            }
        }

        return this;
    }

    /// <summary>The instances a state can hold: fresh, and with each kind of bookkeeping it can have.</summary>
    private IEnumerable<(string Variant, SagaSnapshot Snapshot)> Variants(SagaGraphState state)
    {
        var fresh = engine.ToSnapshot(engine.NewInstance(sagaId)) with { State = state.Name, IsFinal = state.IsFinal, CreatedAt = Clock.T0, UpdatedAt = Clock.T0 };
        yield return ("fresh", fresh);
        if (state.IsFinal)
        {
            yield break;
        }

        yield return ("with a stray timeout deadline", fresh with { Deadline = Deadline(SagaDeadlineKind.Timeout) });
        var members = state.JoinMessageTypes;
        for (var mask = 1; mask < (1 << members.Count) - 1; mask++)
        {
            var arrived = members.Where((_, i) => (mask & (1 << i)) != 0).Select(m => m.Name).ToList();
            yield return ($"after {string.Join(" + ", arrived)} arrived", fresh with { JoinArrivals = arrived });
        }

        if (state.HumanTask is { } task)
        {
            var open = new HumanTask(Guid.NewGuid(), graph.SagaName, sagaId, task.Name, state.Name, task.Assignee, task.EscalateTo, Clock.T0, Clock.T0 + task.DueIn, null, false, HumanTaskStatus.Open, null, null);
            var first = task.EscalateTo is null ? SagaDeadlineKind.TaskExpiry : SagaDeadlineKind.TaskEscalation;
            yield return ("with its task open", fresh with { Task = open, Deadline = Deadline(first) });
            yield return ("with its task about to expire", fresh with { Task = open with { Escalated = task.EscalateTo is not null }, Deadline = Deadline(SagaDeadlineKind.TaskExpiry) });
            yield return ("with its task decided", fresh with { Task = open with { Status = HumanTaskStatus.Approved, ClosedAt = Clock.T0 } });
        }

        if (state.IsCompensating && graph.Compensation is { } compensation)
        {
            var target = graph.Transitions.First(t => t.StartsCompensation).Target!;
            var confirmed = compensation.Confirmations.Select(c => c.CommandType).ToList();
            var unconfirmed = compensation.CommandTypes.Except(confirmed).ToList();
            foreach (var awaited in confirmed)
            {
                var run = new CompensationRun(target, Pending(awaited), "test");
                var deadline = compensation.Timeout is null ? null : Deadline(SagaDeadlineKind.Timeout);
                yield return ($"awaiting {awaited.Name}, nothing left", fresh with { Compensating = run, Deadline = deadline });
                foreach (var next in confirmed.Where(c => c != awaited).Concat(unconfirmed))
                {
                    yield return ($"awaiting {awaited.Name}, {next.Name} left", fresh with { Compensating = run, Deadline = deadline, Compensations = [Pending(next)] });
                }
            }
        }
    }

    /// <summary>The timer message: compared with the trigger its deadline's kind stands for.</summary>
    private void CompareDeadline(SagaGraphState state, string variant, SagaSnapshot snapshot)
    {
        var deadline = snapshot.Deadline;
        var elapsed = new SagaTimeoutElapsed(graph.SagaName, sagaId, deadline?.Id ?? Guid.NewGuid(), deadline?.DueAt ?? Clock.T0);
        switch (deadline?.Kind)
        {
            case null:
                Compare(state, variant, snapshot, SagaTrigger.Timeout, elapsed);
                Compare(state, variant, snapshot, SagaTrigger.TaskExpired, elapsed);
                break;
            case SagaDeadlineKind.Timeout:
                Compare(state, variant, snapshot, SagaTrigger.Timeout, elapsed);
                break;
            case SagaDeadlineKind.TaskExpiry:
                Compare(state, variant, snapshot, SagaTrigger.TaskExpired, elapsed);
                break;
            default:
                // an escalation reassigns the task and is no transition: no trigger of the machine may claim it
                foreach (var trigger in new[] { SagaTrigger.Timeout, SagaTrigger.TaskExpired })
                {
                    if (Stateless(snapshot, trigger, null).Kind != "rejected")
                    {
                        Disagreements.Add($"{graph.SagaName}, state {state.Name} ({variant}), {trigger}: an escalation deadline is pending, yet Stateless permits {trigger}");
                    }
                }

                break;
        }
    }

    private void Compare(SagaGraphState state, string variant, SagaSnapshot snapshot, SagaTrigger trigger, object message)
    {
        var expected = Engine(snapshot, trigger, message);
        var where = $"{graph.SagaName}, state {state.Name} ({variant}), {trigger}";

        var structural = Stateless(snapshot, trigger, null);
        if (structural.Kind == "guarded")
        {
            var candidates = Candidates(state, trigger);
            var mayReject = !graph.TransitionsFrom(state.Name).Any(t => Answers(t, trigger) && t.IsOtherwise);
            if (!(expected.Kind == "applied" && candidates.Contains(expected.To!)) && !(expected.Kind == "rejected" && mayReject))
            {
                Disagreements.Add($"{where}: engine {expected}, Stateless without the message: one of [{string.Join(", ", candidates)}]");
            }
        }
        else if (!Same(expected, structural))
        {
            Disagreements.Add($"{where}: engine {expected}, Stateless {structural}");
        }

        var exact = Stateless(snapshot, trigger, message);
        if (!Same(expected, exact))
        {
            Disagreements.Add($"{where}, with the message: engine {expected}, Stateless {exact}");
        }
        else
        {
            var kind = structural.Kind == "guarded" ? "guarded" : expected.Kind;
            Agreed[kind] = Agreed.GetValueOrDefault(kind) + 1;
        }
    }

    private static bool Same(Answer engine, Answer stateless) =>
        engine == stateless || (engine.Kind == "stale" && stateless.Kind == "rejected");

    private Answer Engine(SagaSnapshot snapshot, SagaTrigger trigger, object message)
    {
        var instance = engine.FromSnapshot(snapshot);
        try
        {
            var result = (FireResult)FireMethod.MakeGenericMethod(trigger.EngineMessageType)
                .Invoke(engine, BindingFlags.DoNotWrapExceptions, null, [instance, message, null, Clock.T0], null)!;
            return result.Outcome switch
            {
                FireOutcome.Applied => new Answer("applied", result.To),
                FireOutcome.Ignored => new Answer("ignored", null),
                FireOutcome.Rejected => new Answer("rejected", null),
                _ => new Answer("stale", null),
            };
        }
        catch (SagaExecutionException e)
        {
            return new Answer("throws", e.GetType().Name);
        }
    }

    /// <summary>The machine's answer; without a message, a transition whose guards need it answers "guarded".</summary>
    private Answer Stateless(SagaSnapshot snapshot, SagaTrigger trigger, object? message)
    {
        var instance = mirrored.FromSnapshot(snapshot);
        var status = instance.Status;
        var writes = 0;
        var machine = mirrored.ToStateMachine(() => status, s => (status, writes) = (s, writes + 1), instance, time);
        try
        {
            if (!(message is null ? machine.CanFire(trigger) : machine.CanFire(trigger, message)))
            {
                return new Answer("rejected", null);
            }

            if (message is null)
            {
                machine.Fire(trigger);
            }
            else
            {
                machine.Fire(trigger, message);
            }
        }
        catch (InvalidOperationException e) when (message is null && e.Message.Contains("depends on its guards", StringComparison.Ordinal))
        {
            return new Answer("guarded", null);
        }
        catch (SagaExecutionException e)
        {
            return new Answer("throws", e.GetType().Name);
        }

        return writes == 0 ? new Answer("ignored", null) : new Answer("applied", status.ToString());
    }

    private List<string> Candidates(SagaGraphState state, SagaTrigger trigger) =>
        [.. graph.TransitionsFrom(state.Name).Where(t => Answers(t, trigger)).SelectMany(t => new[] { t.Target ?? state.Name, t.CompensationState }).OfType<string>()];

    /// <summary>Whether a transition answers the trigger (a join's answers the arrival of any of its members).</summary>
    private bool Answers(SagaGraphTransition transition, SagaTrigger trigger) =>
        transition.TriggerKind == SagaTriggerKind.Join
            ? trigger.MessageType is { } type && graph.FindState(transition.From!)!.JoinMessageTypes.Contains(type)
            : SagaTrigger.Of(transition) == trigger;

    private SagaDeadline Deadline(SagaDeadlineKind kind) => new(Guid.NewGuid(), Clock.T0.AddMinutes(5), kind);

    private PendingCompensation Pending(Type command) =>
        new("test step", command.FullName!, JsonSerializer.Serialize(SampleMessages.Create(command, sagaId), command, Json), "test-queue");

    private sealed record Answer(string Kind, string? To)
    {
        public override string ToString() => To is null ? Kind : $"{Kind} -> {To}";
    }
}
