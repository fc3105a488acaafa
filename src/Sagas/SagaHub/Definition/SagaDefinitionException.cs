namespace SagaHub;

/// <summary>A saga definition is invalid. Thrown by validation at start-up; names saga, state and message.</summary>
public sealed class SagaDefinitionException : SagaHubException
{
    /// <summary>Creates the exception from every problem found.</summary>
    public SagaDefinitionException(string sagaName, IReadOnlyList<string> problems)
        : base($"Saga '{sagaName}' is invalid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems))
    {
        SagaName = sagaName;
        Problems = problems;
    }

    /// <summary>The saga whose definition is invalid.</summary>
    public string SagaName { get; }

    /// <summary>One line per problem, each naming the state and message involved.</summary>
    public IReadOnlyList<string> Problems { get; }
}
