namespace SagaHub;

/// <content>Validation: every declared state can be reached from the initiating messages.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    private void CheckReachability(List<string> problems)
    {
        var reached = new HashSet<TStatus>();
        var queue = new Queue<StateModel<TData, TStatus>>();
        void Reach(TStatus status)
        {
            if (reached.Add(status) && states.TryGetValue(status, out var s))
            {
                queue.Enqueue(s);
            }
        }

        void Visit(StateModel<TData, TStatus> state)
        {
            foreach (var transition in state.Transitions)
            {
                if (transition.Target is { } target)
                {
                    Reach(target);
                }

                if (transition.Compensate && compensation is { } model)
                {
                    Reach(model.Status);
                    if (model.FailureState is { } failure)
                    {
                        Reach(failure);
                    }
                }
            }
        }

        Visit(initial);
        while (queue.Count > 0)
        {
            Visit(queue.Dequeue());
        }

        foreach (var state in states.Values.Where(s => s.Declared && !reached.Contains(s.Status)))
        {
            problems.Add($"state {state.Name} is unreachable: no transition leads to it");
        }
    }
}
