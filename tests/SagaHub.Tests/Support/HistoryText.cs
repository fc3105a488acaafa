namespace SagaHub.Tests.Support;

public static class HistoryText
{
    /// <summary>The instance's whole history, one row a line, for assertion messages.</summary>
    public static string Of<TData, TStatus>(SagaInstance<TData, TStatus> instance)
        where TData : class
        where TStatus : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(instance);
        return string.Join("\n", instance.History);
    }

    /// <summary>The kinds of the given rows, in order.</summary>
    public static SagaHistoryKind[] Kinds(IEnumerable<SagaHistoryEntry> rows) => [.. rows.Select(r => r.Kind)];

    /// <summary>Asserts that the instance's history is numbered 1..n without gaps and ends at <see cref="SagaInstance{TData, TStatus}.LastSequence"/>.</summary>
    public static void AssertGapFree<TData, TStatus>(SagaInstance<TData, TStatus> instance)
        where TData : class
        where TStatus : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(instance);
        var expected = Enumerable.Range(1, instance.History.Count).Select(i => (long)i).ToArray();
        var actual = instance.History.Select(h => h.Sequence).ToArray();
        Assert.True(expected.SequenceEqual(actual), Of(instance));
        Assert.Equal(instance.History.Count, instance.LastSequence);
    }
}
