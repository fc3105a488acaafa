using System.Globalization;
using System.Text;

namespace SagaHub;

/// <content>Diagrams generated from the definition that runs.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    /// <summary>The saga as a Mermaid <c>stateDiagram-v2</c> (GitHub renders it), guards, timeouts and tasks labelled.</summary>
    /// <returns>The diagram text, lines separated by <c>\n</c>.</returns>
    public string ToMermaid()
    {
        var sb = new StringBuilder("stateDiagram-v2\n");
        foreach (var edge in Edges())
        {
            var fromNode = edge.From ?? "[*]";
            sb.Append(CultureInfo.InvariantCulture, $"    {fromNode} --> {edge.To} : {MermaidText(edge.Label)}\n");
        }

        foreach (var state in Ordered().Where(s => s.Task is not null))
        {
            sb.Append(CultureInfo.InvariantCulture, $"    note right of {state.Name}\n        {TaskNote(state.Task!)}\n    end note\n");
        }

        foreach (var state in Ordered().Where(s => s.Retry is not null))
        {
            sb.Append(CultureInfo.InvariantCulture, $"    note left of {state.Name}\n        {MermaidText(RetryNote(state.Retry!))}\n    end note\n");
        }

        foreach (var state in Ordered().Where(s => s.IsParked))
        {
            sb.Append(CultureInfo.InvariantCulture, $"    note right of {state.Name}\n        parked: waits for an operator\n    end note\n");
        }

        foreach (var state in Ordered().Where(s => s.IsFinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"    {state.Name} --> [*]\n");
        }

        return sb.ToString();
    }

    /// <summary>The saga as a Graphviz DOT digraph, guards, timeouts and tasks labelled; final states double-circled.</summary>
    /// <returns>The DOT text.</returns>
    public string ToDot()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"digraph \"{Name}\" {{\n    rankdir=LR;\n    node [shape=box, style=rounded];\n    \"[*]\" [shape=point];\n");
        foreach (var state in Ordered().Where(s => s.Declared))
        {
            var label = state.Task is { } task ? $"{state.Name}\\n({TaskNote(task)})"
                : state.Retry is { } retry ? $"{state.Name}\\n({RetryNote(retry)})"
                : state.Name;
            sb.Append(CultureInfo.InvariantCulture, $"    \"{state.Name}\" [label=\"{label}\"{(state.IsFinal ? ", shape=doublecircle" : state.IsParked ? ", style=\"rounded,dashed\"" : string.Empty)}];\n");
        }

        foreach (var edge in Edges())
        {
            sb.Append(CultureInfo.InvariantCulture, $"    \"{edge.From ?? "[*]"}\" -> \"{edge.To}\" [label=\"{edge.Label.Replace("\"", "'", StringComparison.Ordinal)}\"];\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    private IEnumerable<(string? From, string To, string Label)> Edges()
    {
        var compensationTargets = new List<string>();
        foreach (var state in Ordered().Prepend(initial))
        {
            var from = state == initial ? null : state.Name;
            foreach (var transition in state.Transitions.Where(t => t.HasTarget))
            {
                var label = EdgeLabel(state, transition);
                var to = transition.Target!.Value.ToString();
                if (transition.Compensate && compensation is { } model)
                {
                    if (!compensationTargets.Contains(to))
                    {
                        compensationTargets.Add(to);
                    }

                    yield return (from, model.Status.ToString(), label + " / compensate");
                }
                else
                {
                    yield return (from, to, label);
                }
            }
        }

        if (compensation is { } comp)
        {
            foreach (var target in compensationTargets)
            {
                yield return (comp.Status.ToString(), target, "compensated");
            }

            if (comp.FailureState is { } failure)
            {
                yield return (comp.Status.ToString(), failure.ToString(), "compensation failed" + (comp.Timeout is { } t ? $" or {Duration(t)} without confirmation" : string.Empty));
            }
        }
    }

    private static string EdgeLabel(StateModel<TData, TStatus> state, TransitionModel<TData, TStatus> transition)
    {
        var trigger = transition.Kind switch
        {
            TriggerKind.Timeout => $"after {(state.TimeoutAfter is { } after ? Duration(after) : state.TimeoutDescription)}",
            TriggerKind.TaskApproved => "approved",
            TriggerKind.TaskRejected => "rejected",
            TriggerKind.TaskExpired => "expired",
            TriggerKind.RetriesExhausted => $"{state.Retry?.Attempts} attempts failed",
            TriggerKind.Join => $"all of {string.Join(" + ", state.Join!.Members.Select(m => m.MessageType.Name))}",
            _ when SagaFaults.CommandOf(transition.MessageType) is { } command => $"{command.Name} faulted",
            _ => transition.TriggerName,
        };
        if (transition.GuardReason is { } reason)
        {
            return $"{trigger} [{reason}]";
        }

        return transition.IsOtherwise ? $"{trigger} [otherwise]" : trigger;
    }

    private static string RetryNote(StepRetryModel retry)
    {
        var note = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"retry: {retry.Attempts} attempts"));
        if (retry.AttemptTimeout is { } timeout)
        {
            note.Append(CultureInfo.InvariantCulture, $", {Duration(timeout)} each");
        }

        var backoff = retry.Backoff;
        if (backoff.Initial > TimeSpan.Zero)
        {
            note.Append(backoff.Factor > 1
                ? string.Create(CultureInfo.InvariantCulture, $", backoff {Duration(backoff.Initial)} x{backoff.Factor:0.##} up to {Duration(backoff.Max)}")
                : $", backoff {Duration(backoff.Initial)}");
        }

        if (retry.Retryable.Count > 0)
        {
            note.Append(CultureInfo.InvariantCulture, $", on {string.Join(", ", retry.Retryable.Select(r => r.Label).Distinct())}");
        }

        return note.ToString();
    }

    private static string TaskNote(HumanTaskModel<TData> task)
    {
        var note = new StringBuilder($"{task.Name}: {task.Assignee}, due {Duration(task.DueIn ?? TimeSpan.Zero)}");
        if (task.EscalateTo is not null)
        {
            note.Append(CultureInfo.InvariantCulture, $", then {task.EscalateTo}");
            if (task.ExpireAfterEscalation is { } expire)
            {
                note.Append(CultureInfo.InvariantCulture, $" for {Duration(expire)}");
            }
        }

        return note.ToString();
    }

    private IEnumerable<StateModel<TData, TStatus>> Ordered() => states.Values.OrderBy(s => Convert.ToInt64(s.Status, CultureInfo.InvariantCulture));

    private static string MermaidText(string text) => text.Replace("<", "#lt;", StringComparison.Ordinal).Replace(">", "#gt;", StringComparison.Ordinal);

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 3 } when span.TotalDays == Math.Floor(span.TotalDays) => $"{span.TotalDays:0}d",
        { TotalHours: >= 1 } when span.TotalHours == Math.Floor(span.TotalHours) => $"{span.TotalHours:0}h",
        { TotalMinutes: >= 1 } when span.TotalMinutes == Math.Floor(span.TotalMinutes) => $"{span.TotalMinutes:0}m",
        { TotalSeconds: >= 1 } when span.TotalSeconds == Math.Floor(span.TotalSeconds) => $"{span.TotalSeconds:0}s",
        _ => span.ToString("c", CultureInfo.InvariantCulture),
    };
}
