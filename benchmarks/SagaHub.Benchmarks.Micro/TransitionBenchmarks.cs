using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MassTransit.Saga;
using SagaHub.Benchmarks.Micro.TransportFree;
using SagaHub.Benchmarks.Peers;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Orders;

namespace SagaHub.Benchmarks.Micro;

/// <summary>
/// One in-memory transition, SagaHub's engine against MassTransit's state machine: StockReserved on an
/// order in Reserving, which moves it to Charging and sends ChargePayment to the payments queue.
/// SagaHub: <c>saga.Fire(instance, message, messageId, at)</c>, which also appends the history row,
/// pushes the ReleaseStock compensation (serialized to JSON), runs Charging's entry action and sets its
/// timeout's deadline; what it sends comes back in the result. MassTransit: the event raised on the machine through a consume
/// context without a transport (<see cref="StateMachineRaiser{TInstance}"/>); what it sends is captured
/// at the send endpoint. Neither includes a store, a repository, serialization of the outgoing message
/// or a transport. Each order must be in Reserving before the measured transition, so it is measured
/// twice: (1) on orders built in an [IterationSetup], <see cref="Orders"/> per invocation; (3) on a new
/// order taken through OrderSubmitted first inside the benchmark, with (2), that setup alone, beside it:
/// (3) minus (2) is the transition. The two differ in what the GC sees: in (1) the transition mutates
/// orders that were allocated before it, in (3) everything is young.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TransitionBenchmarks
{
    private const int Orders = 1024;
    private const string InReserving = "1 StockReserved on orders built in IterationSetup";
    private const string Submit = "2 OrderSubmitted on a new order";
    private const string SubmitAndReserve = "3 OrderSubmitted + StockReserved on a new order";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly OrderSaga saga = new();
    private readonly MassTransitOrderStateMachine machine = new();
    private readonly Guid[] orderIds = new Guid[Orders];
    private readonly Guid[] messageIds = new Guid[Orders];
    private readonly OrderSubmitted[] submitted = new OrderSubmitted[Orders];
    private readonly StockReserved[] reserved = new StockReserved[Orders];
    private readonly SagaInstance<OrderData, OrderStatus>[] hubOrders = new SagaInstance<OrderData, OrderStatus>[Orders];
    private readonly SagaInstance<MassTransitOrderState>[] machineOrders = new SagaInstance<MassTransitOrderState>[Orders];
    private StateMachineRaiser<MassTransitOrderState> raiser = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        OrderLine[] lines = [new("SKU-RED", 2, 10.00m), new("SKU-BLUE", 1, 5.50m)];
        for (var i = 0; i < Orders; i++)
        {
            orderIds[i] = Guid.NewGuid();
            messageIds[i] = Guid.NewGuid();
            submitted[i] = new OrderSubmitted(orderIds[i], "c-1", lines);
            reserved[i] = new StockReserved(orderIds[i]);
        }

        raiser = new StateMachineRaiser<MassTransitOrderState>(machine);
        Check();
    }

    [IterationSetup(Target = nameof(SagaHubEngine))]
    public void PrepareSagaHub()
    {
        for (var i = 0; i < Orders; i++)
        {
            hubOrders[i] = saga.NewInstance(orderIds[i]);
            saga.Fire(hubOrders[i], submitted[i], orderIds[i], Now);
        }
    }

    [IterationSetup(Target = nameof(MassTransitStateMachine))]
    public void PrepareMassTransit()
    {
        for (var i = 0; i < Orders; i++)
        {
            machineOrders[i] = new SagaInstance<MassTransitOrderState>(new MassTransitOrderState { CorrelationId = orderIds[i] });
            raiser.RaiseAsync(machineOrders[i], machine.Submitted, submitted[i], orderIds[i]).GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Orders)]
    [BenchmarkCategory(InReserving)]
    public async Task MassTransitStateMachine()
    {
        for (var i = 0; i < Orders; i++)
        {
            await raiser.RaiseAsync(machineOrders[i], machine.Reserved, reserved[i], messageIds[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    [BenchmarkCategory(InReserving)]
    public FireResult? SagaHubEngine()
    {
        FireResult? last = null;
        for (var i = 0; i < Orders; i++)
        {
            last = saga.Fire(hubOrders[i], reserved[i], messageIds[i], Now);
        }

        return last;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Submit)]
    public async Task<MassTransitOrderState> MassTransitSubmit()
    {
        var order = new SagaInstance<MassTransitOrderState>(new MassTransitOrderState { CorrelationId = orderIds[0] });
        await raiser.RaiseAsync(order, machine.Submitted, submitted[0], orderIds[0]);
        return order.Instance;
    }

    [Benchmark]
    [BenchmarkCategory(Submit)]
    public SagaInstance<OrderData, OrderStatus> SagaHubSubmit()
    {
        var order = saga.NewInstance(orderIds[0]);
        saga.Fire(order, submitted[0], orderIds[0], Now);
        return order;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory(SubmitAndReserve)]
    public async Task<MassTransitOrderState> MassTransitSubmitAndReserve()
    {
        var order = new SagaInstance<MassTransitOrderState>(new MassTransitOrderState { CorrelationId = orderIds[0] });
        await raiser.RaiseAsync(order, machine.Submitted, submitted[0], orderIds[0]);
        await raiser.RaiseAsync(order, machine.Reserved, reserved[0], messageIds[0]);
        return order.Instance;
    }

    [Benchmark]
    [BenchmarkCategory(SubmitAndReserve)]
    public FireResult SagaHubSubmitAndReserve()
    {
        var order = saga.NewInstance(orderIds[0]);
        saga.Fire(order, submitted[0], orderIds[0], Now);
        return saga.Fire(order, reserved[0], messageIds[0], Now);
    }

    // Both sides must really take the transition being measured, or the numbers mean nothing.
    private void Check()
    {
        var hub = SagaHubSubmitAndReserve();
        if (hub.To != nameof(OrderStatus.Charging) || hub.Outgoing is not [{ Message: ChargePayment, Destination: Queues.Payments }])
        {
            throw new InvalidOperationException($"SagaHub went to {hub.To} sending {hub.Outgoing.Count} messages.");
        }

        var before = raiser.Captured.Count;
        var order = MassTransitSubmitAndReserve().GetAwaiter().GetResult();
        var charge = raiser.Captured.Last as ChargePayment;
        if (order.CurrentState != nameof(OrderStatus.Charging) || raiser.Captured.Count != before + 2
            || charge?.IdempotencyKey != OrderData.ChargeKey(order.CorrelationId) || raiser.Captured.LastAddress?.ToString() != $"queue:{Queues.Payments}")
        {
            throw new InvalidOperationException($"MassTransit went to {order.CurrentState} sending {raiser.Captured.Last} to {raiser.Captured.LastAddress}.");
        }
    }
}
