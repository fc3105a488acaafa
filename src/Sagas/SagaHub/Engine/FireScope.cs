namespace SagaHub;

/// <summary>
/// Everything one message's fire works on: the definition, the instance (changed in place), the message, the clock,
/// what the transition sends (<see cref="Effects"/>), the history it appends and the outcome.
/// </summary>
/// <remarks>Every step and hook of the interpreter reads and writes the instance only through here.</remarks>
internal sealed class FireScope<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    private readonly List<SagaHistoryEntry> appended = [];
    private readonly string from;
    private FireOutcome outcome = FireOutcome.Applied;
    private string? reason;
    private int idCounter;

    public FireScope(SagaDefinition<TData, TStatus> saga, SagaInstance<TData, TStatus> instance, Type messageType, object message, Guid messageId, DateTimeOffset now)
    {
        Saga = saga;
        Instance = instance;
        MessageType = messageType;
        Message = message;
        MessageId = messageId;
        Now = now;
        Effects = new FireEffects(instance.Id, messageId, saga.RouteOf, saga.Name);
        from = CurrentName;
    }

    public SagaDefinition<TData, TStatus> Saga { get; }

    public SagaInstance<TData, TStatus> Instance { get; }

    public Type MessageType { get; }

    public object Message { get; }

    public Guid MessageId { get; }

    public DateTimeOffset Now { get; }

    public FireEffects Effects { get; }

    /// <summary>The state the instance is in now (the initial pseudo-state before it started).</summary>
    public string CurrentName => Instance.IsStarted ? Instance.Status.ToString() : SagaDefinition<TData, TStatus>.InitialStateName;

    public StateModel<TData, TStatus> Current => Instance.IsStarted ? Saga.State(Instance.Status) : Saga.Initial;

    /// <summary>The message as history names it (<c>Fault&lt;ChargePayment&gt;</c> for a fault).</summary>
    public string TriggerName => SagaFaults.TriggerName(MessageType);

    public FireResult Result() => new(outcome, from, CurrentName, appended, Effects.Outgoing, reason);

    /// <summary>The message is not permitted: recorded in history, the instance otherwise unchanged.</summary>
    public void Reject(string why)
    {
        outcome = FireOutcome.Rejected;
        reason = why;
        Append(CurrentName, TriggerName, SagaHistoryKind.Rejected, why);
    }

    /// <summary>The message is dropped on purpose: recorded in history.</summary>
    public void Ignore(string why)
    {
        outcome = FireOutcome.Ignored;
        reason = why;
        Append(CurrentName, TriggerName, SagaHistoryKind.Ignored, why);
    }

    /// <summary>The message is a timer that no longer applies: nothing is recorded.</summary>
    public void Stale(string why)
    {
        outcome = FireOutcome.Stale;
        reason = why;
    }

    public void Append(string fromState, string trigger, SagaHistoryKind kind, string? detail, string? to = null)
    {
        var entry = new SagaHistoryEntry(Instance.LastSequence + 1, fromState, to ?? fromState, trigger, MessageId, Now, kind, detail);
        Instance.Append(entry);
        appended.Add(entry);
        Instance.UpdatedAt = Now;
    }

    /// <summary>Replaces a row appended by this message (same sequence), as an operator action's audit row once it knows what was sent.</summary>
    public void Amend(SagaHistoryEntry entry)
    {
        appended[appended.FindIndex(e => e.Sequence == entry.Sequence)] = entry;
        Instance.Replace(entry);
    }

    public ContextArgs<TData> Args() => new(Instance.Id, Instance.Data, CurrentName, Now, Effects, MessageId);

    /// <summary>The context of an entry, exit or failure action, in the current state.</summary>
    public SagaContext<TData> Context() => new(Instance.Id, Instance.Data, CurrentName, Now, Effects);

    /// <summary>The next id of a deadline or task this message creates: derived from the message, so a re-run is identical.</summary>
    public Guid NextId() => DeterministicIds.For(Instance.Id, MessageId, 1_000_000 + idCounter++);

    /// <summary>A transition a fault triggered records what the service said (its exception's message).</summary>
    public string? WithFault(string? detail) =>
        SagaFaults.Describe(Message) is { } fault
            ? string.Join("; ", new[] { detail, $"fault: {fault}" }.OfType<string>())
            : detail;
}
