namespace SagaHub;

/// <summary>
/// Base class of a saga: its constructor declares how messages correlate, which message starts the saga, each state's
/// triggers, guards, actions, compensations, timeout, join or human task (<see cref="During(TStatus)"/>), and the final states.
/// </summary>
/// <remarks>
/// The definition is data: <see cref="Fire{TMessage}(SagaInstance{TData, TStatus}, TMessage, Guid?, DateTimeOffset?)"/>
/// runs it without a bus, <see cref="Validate"/> checks it, <see cref="ToMermaid"/> draws it.
/// </remarks>
/// <typeparam name="TData">The saga's persisted data (serialized as JSON; public setters).</typeparam>
/// <typeparam name="TStatus">The saga's states, an enum.</typeparam>
public abstract partial class SagaDefinition<TData, TStatus> : ISagaDefinition, ISagaRunner
    where TData : class, new()
    where TStatus : struct, Enum
{
    private readonly Dictionary<Type, Func<object, Guid>> correlations = [];
    private readonly Dictionary<Type, string> routes = [];
    private readonly Dictionary<TStatus, StateModel<TData, TStatus>> states = [];
    private readonly StateModel<TData, TStatus> initial = new(default) { Declared = true };
    private readonly Dictionary<string, Type> compensationTypes = [];
    private readonly List<string> declarationErrors = [];
    private readonly List<(string Name, Func<TData, object?> Value)> searchables = [];
    private CompensationModel<TData, TStatus>? compensation;
    private volatile bool validated;

    /// <summary>The saga's name: in history, logs, metrics and the store. Defaults to the class name.</summary>
    public virtual string Name => GetType().Name;

    /// <summary>The receive endpoint (queue) of this saga. Defaults to the kebab-cased <see cref="Name"/>.</summary>
    public virtual string QueueName => KebabCase(Name);

    /// <summary>
    /// The definition's version, stored on every saga row it writes so rows written by an older
    /// definition can be found (<c>definition_version</c> in the durable stores). Defaults to 1.
    /// </summary>
    public virtual int Version => 1;

    /// <summary>The names of the final states.</summary>
    public IReadOnlyCollection<string> FinalStates => [.. states.Values.Where(s => s.IsFinal).Select(s => s.Name)];

    /// <summary>The names of the parked states: the saga cannot go on by itself and waits for an operator.</summary>
    public IReadOnlyCollection<string> ParkedStates => [.. states.Values.Where(s => s.IsParked).Select(s => s.Name)];

    /// <summary>The pseudo-state name of a saga that has not started yet, as shown in history.</summary>
    public const string InitialStateName = "Initial";

    Type ISagaRunner.DataType => typeof(TData);

    Type ISagaRunner.StatusType => typeof(TStatus);

    /// <summary>Routes messages of type <typeparamref name="TMessage"/> to the saga whose id <paramref name="selector"/> returns.</summary>
    /// <typeparam name="TMessage">A message this saga handles, or a command it sends whose <see cref="CommandFault{TCommand}"/> it handles.</typeparam>
    /// <param name="selector">Picks the correlation id out of the message.</param>
    protected void Correlate<TMessage>(Func<TMessage, Guid> selector)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (!correlations.TryAdd(typeof(TMessage), m => selector((TMessage)m)))
        {
            declarationErrors.Add($"message '{typeof(TMessage).Name}' is correlated twice");
        }
    }

    /// <summary>Declares the queue that commands of the given types are sent to by <see cref="SagaContext{TData}.Send{TCommand}(TCommand)"/> and by compensations.</summary>
    /// <param name="queue">The destination queue name.</param>
    /// <param name="commandTypes">The command types handled there.</param>
    protected void SendTo(string queue, params Type[] commandTypes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        foreach (var type in commandTypes)
        {
            if (!routes.TryAdd(type, queue) && routes[type] != queue)
            {
                declarationErrors.Add($"command '{type.Name}' is routed to both '{routes[type]}' and '{queue}'");
            }
        }
    }

    /// <summary>Declares a message that creates a new saga instance, and what it does.</summary>
    /// <typeparam name="TMessage">The initiating message.</typeparam>
    /// <returns>The transition, to add guards, actions and its target state.</returns>
    protected TransitionBuilder<TData, TStatus, TMessage> Initially<TMessage>()
        where TMessage : class => new StateBuilder<TData, TStatus>(this, initial).On<TMessage>();

    /// <summary>Opens the block of one state: its entry and exit actions, triggers, timeout, join or human task.</summary>
    /// <param name="status">The state.</param>
    /// <returns>The state's builder.</returns>
    protected StateBuilder<TData, TStatus> During(TStatus status)
    {
        var state = State(status);
        state.Declared = true;
        return new StateBuilder<TData, TStatus>(this, state);
    }

    /// <summary>Opens a block that declares the same in several states, e.g. <c>During(A, B).On&lt;Cancel&gt;().GoTo(Cancelled)</c>.</summary>
    /// <remarks>Every declaration of the block goes to each state, as if written in a <c>During(...)</c> of its own; the diagrams draw one edge per state.</remarks>
    /// <param name="first">A state.</param>
    /// <param name="others">The other states.</param>
    /// <returns>The block's builder.</returns>
    protected StateBuilder<TData, TStatus> During(TStatus first, params TStatus[] others)
    {
        ArgumentNullException.ThrowIfNull(others);
        var statuses = others.Prepend(first).ToList();
        if (statuses.Distinct().Count() != statuses.Count)
        {
            DeclarationError($"During({string.Join(", ", statuses)}) names a state twice");
        }

        var states = statuses.Distinct().Select(State).ToList();
        foreach (var state in states)
        {
            state.Declared = true;
        }

        return new StateBuilder<TData, TStatus>(this, states);
    }

    /// <summary>Declares the states in which a saga is finished. A final state has no triggers, timeout or task.</summary>
    /// <param name="finalStates">The final states.</param>
    protected void Final(params TStatus[] finalStates)
    {
        foreach (var status in finalStates)
        {
            var state = State(status);
            state.Declared = true;
            state.IsFinal = true;
        }
    }

    /// <summary>Declares the states in which a saga waits for an operator: not final, no timers, left by an operator action or a declared message.</summary>
    /// <param name="parkedStates">The parked states.</param>
    protected void Parked(params TStatus[] parkedStates)
    {
        foreach (var status in parkedStates)
        {
            var state = State(status);
            state.Declared = true;
            state.IsParked = true;
        }
    }

    /// <summary>Marks a value of the saga's data as searchable by <paramref name="name"/> (stored with the row; null values are left out).</summary>
    /// <param name="name">The search name, for example <c>customerId</c>.</param>
    /// <param name="value">Reads the value from the data.</param>
    protected void Searchable(string name, Func<TData, object?> value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (searchables.Any(s => s.Name == name))
        {
            declarationErrors.Add($"search value '{name}' is declared twice");
            return;
        }

        searchables.Add((name, value));
    }

    /// <summary>Declares the state a saga is in while it undoes completed steps (after a transition with <c>Compensate()</c>).</summary>
    /// <remarks>Undo commands are sent newest first, one at a time, each waiting for its confirmation when one is declared.</remarks>
    /// <param name="status">The compensating state.</param>
    /// <returns>The builder for confirmations and the failure path.</returns>
    protected CompensationBuilder<TData, TStatus> Compensating(TStatus status)
    {
        if (compensation is not null)
        {
            declarationErrors.Add($"Compensating(...) is declared twice ({compensation.Status} and {status})");
        }

        compensation = new CompensationModel<TData, TStatus>(status);
        var state = State(status);
        state.Declared = true;
        return new CompensationBuilder<TData, TStatus>(this, compensation, state);
    }

    internal StateModel<TData, TStatus> State(TStatus status)
    {
        if (!states.TryGetValue(status, out var state))
        {
            state = new StateModel<TData, TStatus>(status);
            states.Add(status, state);
        }

        return state;
    }

    /// <summary>The initial pseudo-state: its transitions are the <c>Initially</c> ones.</summary>
    internal StateModel<TData, TStatus> Initial => initial;

    /// <summary>The compensating state's model, when the definition declares one.</summary>
    internal CompensationModel<TData, TStatus>? Compensation => compensation;

    /// <summary>An undo command's type by the name the compensation stack stores.</summary>
    internal Type CompensationType(string name) => compensationTypes[name];

    internal bool TryCompensationType(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) => compensationTypes.TryGetValue(name, out type);

    internal void RegisterCompensationType(Type type) => compensationTypes[type.FullName ?? type.Name] = type;

    /// <summary>The searchable values of <paramref name="data"/>, by name, formatted with the invariant culture.</summary>
    internal IReadOnlyDictionary<string, string> SearchValuesOf(TData data)
    {
        if (searchables.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var values = new Dictionary<string, string>(searchables.Count);
        foreach (var (name, read) in searchables)
        {
            var value = read(data) switch
            {
                null => null,
                IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                var other => other.ToString(),
            };
            if (value is not null)
            {
                values[name] = value;
            }
        }

        return values;
    }

    internal void DeclarationError(string problem) => declarationErrors.Add(problem);

    internal string? RouteOf(Type type) => routes.GetValueOrDefault(type);

    internal bool IsRouted(Type type) => routes.ContainsKey(type);

    private static string KebabCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
