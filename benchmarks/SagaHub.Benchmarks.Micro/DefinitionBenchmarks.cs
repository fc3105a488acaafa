using BenchmarkDotNet.Attributes;
using SagaHub.Benchmarks.Peers;
using SagaHub.Orders;

namespace SagaHub.Benchmarks.Micro;

/// <summary>
/// Building the order saga's definition (the constructor's declarations), and building plus
/// <c>Validate()</c>; MassTransit's machine for the same flow built for comparison (its constructor
/// declares states, events and behavior the same way).
/// </summary>
public class DefinitionBenchmarks
{
    private readonly OrderSagaOptions options = new();

    [Benchmark]
    public OrderSaga Build() => new(options);

    [Benchmark]
    public OrderSaga BuildAndValidate()
    {
        var saga = new OrderSaga(options);
        saga.Validate();
        return saga;
    }

    [Benchmark]
    public MassTransitOrderStateMachine BuildMassTransitStateMachine() => new();
}
