using BenchmarkDotNet.Attributes;
using SagaHub.Orders;

namespace SagaHub.Benchmarks.Micro;

/// <summary>Drawing the order saga: Mermaid and Graphviz DOT, from a saga built and validated once.</summary>
public class ExportBenchmarks
{
    private readonly OrderSaga saga = new();

    [GlobalSetup]
    public void GlobalSetup() => saga.Validate();

    [Benchmark]
    public string ToMermaid() => saga.ToMermaid();

    [Benchmark]
    public string ToDot() => saga.ToDot();
}
