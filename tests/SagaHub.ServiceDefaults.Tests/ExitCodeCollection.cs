namespace SagaHub.ServiceDefaults.Tests;

/// <summary>Tests that set <see cref="Environment.ExitCode"/> run alone.</summary>
[CollectionDefinition(nameof(ExitCodeCollection), DisableParallelization = true)]
public sealed class ExitCodeCollection;
