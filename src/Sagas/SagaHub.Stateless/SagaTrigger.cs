namespace SagaHub.Stateless;

/// <summary>A trigger of a saga in its Stateless machine: a message type, the state's timeout, or a human task's approval, rejection or expiry.</summary>
/// <remarks>A join has no trigger of its own: the arrival of its last member takes the join's transition.</remarks>
public sealed record SagaTrigger
{
    private SagaTrigger(SagaTriggerKind kind, Type? messageType)
    {
        Kind = kind;
        MessageType = messageType;
    }

    /// <summary>The state's timeout elapsed.</summary>
    public static SagaTrigger Timeout { get; } = new(SagaTriggerKind.Timeout, null);

    /// <summary>A person approved the state's human task.</summary>
    public static SagaTrigger TaskApproved { get; } = new(SagaTriggerKind.TaskApproved, null);

    /// <summary>A person rejected the state's human task.</summary>
    public static SagaTrigger TaskRejected { get; } = new(SagaTriggerKind.TaskRejected, null);

    /// <summary>The state's human task expired undecided.</summary>
    public static SagaTrigger TaskExpired { get; } = new(SagaTriggerKind.TaskExpired, null);

    /// <summary>What kind of trigger this is.</summary>
    public SagaTriggerKind Kind { get; }

    /// <summary>The message type of a <see cref="SagaTriggerKind.Message"/> trigger; null for the other kinds.</summary>
    public Type? MessageType { get; }

    /// <summary>The SagaHub message that carries the trigger to the engine: the message type, <see cref="SagaTimeoutElapsed"/> or <see cref="HumanTaskCompleted"/>.</summary>
    public Type EngineMessageType => Kind switch
    {
        SagaTriggerKind.Message => MessageType!,
        SagaTriggerKind.Timeout or SagaTriggerKind.TaskExpired => typeof(SagaTimeoutElapsed),
        _ => typeof(HumanTaskCompleted),
    };

    /// <summary>The trigger of messages of type <typeparamref name="TMessage"/> (for a fault, <c>Fault&lt;TCommand&gt;</c>).</summary>
    /// <typeparam name="TMessage">The message type as the saga declares it.</typeparam>
    /// <returns>The trigger.</returns>
    public static SagaTrigger Message<TMessage>()
        where TMessage : class => new(SagaTriggerKind.Message, typeof(TMessage));

    /// <summary>The trigger of messages of a type.</summary>
    /// <param name="messageType">The message type as the saga declares it.</param>
    /// <returns>The trigger.</returns>
    public static SagaTrigger Message(Type messageType)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        return new(SagaTriggerKind.Message, messageType);
    }

    /// <summary>The trigger of a described transition.</summary>
    /// <param name="transition">A transition of a <see cref="SagaGraph"/>.</param>
    /// <returns>The trigger.</returns>
    /// <exception cref="ArgumentException">The transition is a join's: its trigger is the arrival of the join's last member.</exception>
    public static SagaTrigger Of(SagaGraphTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return transition.TriggerKind switch
        {
            SagaTriggerKind.Message => Message(transition.MessageType!),
            SagaTriggerKind.Timeout => Timeout,
            SagaTriggerKind.TaskApproved => TaskApproved,
            SagaTriggerKind.TaskRejected => TaskRejected,
            SagaTriggerKind.TaskExpired => TaskExpired,
            _ => throw new ArgumentException($"A join's transition ({transition}) is taken when the last of its messages arrives; use that message's trigger.", nameof(transition)),
        };
    }

    /// <summary>The trigger as SagaHub's history names it, e.g. <c>StockReserved</c>, <c>Fault&lt;ChargePayment&gt;</c> or <c>Timeout</c>.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Kind switch
    {
        SagaTriggerKind.Message => Display(MessageType!),
        SagaTriggerKind.Timeout => "Timeout",
        SagaTriggerKind.TaskApproved => "Approved",
        SagaTriggerKind.TaskRejected => "Rejected",
        _ => "Expired",
    };

    private static string Display(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CommandFault<>) ? $"Fault<{Display(type.GetGenericArguments()[0])}>"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Display))}>" : type.Name;
}
