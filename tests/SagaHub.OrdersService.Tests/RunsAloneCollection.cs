namespace SagaHub.OrdersService.Tests;

/// <summary>Tests that must not run beside other hosts of this process (they read process-wide listeners).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "runs alone";
}
