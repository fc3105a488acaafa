namespace SagaHub.Benchmarks.Tests.Measure;

/// <summary>
/// Tests that measure this test process and its children: they run alone, so that no other test's busy loops or
/// child processes land in their figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMeasurementCollection
{
    public const string Name = "Process measurements";
}
