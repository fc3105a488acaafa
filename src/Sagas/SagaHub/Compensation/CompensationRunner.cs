using System.Text.Json;

namespace SagaHub;

/// <summary>
/// Compensation: sends a <c>Compensate()</c> transition's undo commands newest first, one at a time, waiting for each
/// declared confirmation; an empty stack moves the saga to the target, a failed undo to the failure state.
/// </summary>
/// <remarks>Its messages are the confirmations, their faults and the confirmation timeout.</remarks>
internal sealed class CompensationRunner<TData, TStatus>(SagaInterpreter<TData, TStatus> interpreter) : IFireStep<TData, TStatus>, IDeadlineHandler<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    /// <summary>Pushes the undo commands <paramref name="transition"/> declares, built from its context.</summary>
    public void Record(FireScope<TData, TStatus> scope, TransitionModel<TData, TStatus> transition, SagaContext<TData> ctx)
    {
        foreach (var (type, factory, destination) in transition.Compensations)
        {
            Push(scope, transition.TriggerName, type, factory(ctx), destination);
        }
    }

    /// <summary>Puts the undo of the step <paramref name="step"/> on the stack (a transition's or a join member's).</summary>
    public static void Push(FireScope<TData, TStatus> scope, string step, Type type, object undo, string? destination)
    {
        var queue = destination ?? scope.Saga.RouteOf(type) ?? throw new SagaExecutionException(
            $"Saga '{scope.Saga.Name}': compensation '{type.Name}' has no queue; add SendTo(\"queue\", typeof({type.Name})).");
        scope.Instance.CompensationStack.Add(new PendingCompensation(step, type.FullName ?? type.Name, JsonSerializer.Serialize(undo, type, SagaDefinition<TData, TStatus>.Json), queue));
    }

    /// <summary>Starts undoing the stack, to end in <paramref name="target"/>; with nothing to undo, moves there at once.</summary>
    public void Start(FireScope<TData, TStatus> scope, TStatus target, string trigger)
    {
        var instance = scope.Instance;
        if (instance.CompensationStack.Count == 0)
        {
            interpreter.MoveTo(scope, target, trigger, scope.WithFault("nothing to compensate"));
            return;
        }

        var model = scope.Saga.Compensation!;
        instance.Compensating = new CompensationRun(target.ToString(), null, trigger);
        interpreter.MoveTo(scope, model.Status, trigger, scope.WithFault($"compensating {instance.CompensationStack.Count} step(s), newest first"));
        Continue(scope, trigger);
    }

    /// <summary>A reply to the undo command the run waits for: its confirmation continues the run, its fault fails it.</summary>
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        if (scope.Instance.Compensating is not { Awaiting: { } awaiting })
        {
            return false;
        }

        var model = scope.Saga.Compensation!;
        if (!scope.Saga.TryCompensationType(awaiting.MessageType, out var command))
        {
            Unknown(scope, awaiting, scope.TriggerName);
            return true;
        }

        if (model.Confirmations.TryGetValue(command, out var confirmation) && confirmation == scope.MessageType)
        {
            scope.Append(scope.CurrentName, scope.TriggerName, SagaHistoryKind.Compensated, $"{command.Name} confirmed (undid {awaiting.Step})");
            scope.Instance.Deadline = null;
            scope.Instance.Compensating = scope.Instance.Compensating! with { Awaiting = null };
            Continue(scope, scope.TriggerName);
            return true;
        }

        if (scope.MessageType == SagaFaults.Of(command))
        {
            Fail(scope, awaiting, scope.TriggerName, $"{command.Name} failed: {SagaFaults.Describe(scope.Message)}");
            return true;
        }

        return false;
    }

    /// <summary>The confirmation timeout of the undo command the run waits for: the run fails.</summary>
    public bool TryHandle(FireScope<TData, TStatus> scope, SagaDeadline deadline, SagaTimeoutElapsed elapsed)
    {
        if (deadline.Kind != SagaDeadlineKind.Timeout || scope.Instance.Compensating is not { Awaiting: { } awaiting })
        {
            return false;
        }

        Fail(scope, awaiting, "Timeout", $"no confirmation of {ShortName(awaiting.MessageType)} in time");
        return true;
    }

    private void Continue(FireScope<TData, TStatus> scope, string trigger)
    {
        var instance = scope.Instance;
        var model = scope.Saga.Compensation!;
        while (instance.CompensationStack.Count > 0)
        {
            var next = instance.CompensationStack[^1];
            instance.CompensationStack.RemoveAt(instance.CompensationStack.Count - 1);
            if (!scope.Saga.TryCompensationType(next.MessageType, out var type))
            {
                Unknown(scope, next, trigger);
                return;
            }

            var command = JsonSerializer.Deserialize(next.Payload, type, SagaDefinition<TData, TStatus>.Json)!;
            scope.Effects.Send(type, command, next.Destination);
            scope.Append(scope.CurrentName, trigger, SagaHistoryKind.CompensationIssued, $"{type.Name} (undoes {next.Step})");
            if (model.Confirmations.ContainsKey(type))
            {
                instance.Compensating = instance.Compensating! with { Awaiting = next };
                if (model.Timeout is { } limit)
                {
                    instance.Deadline = new SagaDeadline(scope.NextId(), scope.Now + limit, SagaDeadlineKind.Timeout);
                }

                return;
            }
        }

        var run = instance.Compensating!;
        instance.Compensating = null;
        interpreter.MoveTo(scope, Enum.Parse<TStatus>(run.TargetState), trigger, $"compensation complete ({run.Reason})");
    }

    private void Fail(FireScope<TData, TStatus> scope, PendingCompensation awaiting, string trigger, string why)
    {
        var instance = scope.Instance;
        var model = scope.Saga.Compensation!;
        instance.CompensationStack.Add(awaiting); // back on the stack: an operator can retry it
        instance.Compensating = null;
        instance.Deadline = null;
        var ctx = scope.Context();
        foreach (var alert in model.OnFailure)
        {
            alert(ctx);
        }

        interpreter.MoveTo(scope, model.FailureState!.Value, trigger, $"compensation failed: {why}");
    }

    /// <summary>
    /// An undo command on the stack that this definition no longer declares (renamed or removed since it was pushed): the run
    /// fails into the failure state (parked), keeping the command on the stack, instead of faulting on every message forever.
    /// </summary>
    private void Unknown(FireScope<TData, TStatus> scope, PendingCompensation pending, string trigger)
    {
        var why = $"undo command '{pending.MessageType}' (undoes {pending.Step}) is not a compensation saga '{scope.Saga.Name}' declares any more (state {scope.CurrentName}); declare its CompensateWith again, or migrate the saga";
        if (scope.Saga.Compensation?.FailureState is null)
        {
            throw new SagaExecutionException($"Saga '{scope.Saga.Name}' {scope.Instance.Id}: {why}; Compensating(...) declares no OnFailure state to park in.");
        }

        Fail(scope, pending, trigger, why);
    }

    private static string ShortName(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];
}
