using BenchmarkDotNet.Attributes;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Orders;
using SagaHub.Stateless;
using Stateless;

namespace SagaHub.Benchmarks.Micro;

/// <summary>
/// What Stateless would cost per message if it ran SagaHub's transitions: StockReserved on an order in Reserving
/// (→ Charging). SagaHub: <c>saga.Fire(...)</c>, the whole transition (actions, history row, compensation, deadline).
/// Stateless: <c>FireAsync</c> of the same trigger on the machine <c>SagaHub.Stateless</c> builds, which only moves
/// the state (it runs no action). A Stateless machine is not thread-safe, so an interpreter on it needs one machine per
/// instance, or per message: <see cref="BuildMachine"/> is that cost.
/// </summary>
public class StatelessBenchmarks
{
    private const int Orders = 1024;
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SagaTrigger Reserved = SagaTrigger.Message<StockReserved>();

    private readonly OrderSaga saga = new();
    private readonly Guid[] orderIds = new Guid[Orders];
    private readonly OrderSubmitted[] submitted = new OrderSubmitted[Orders];
    private readonly StockReserved[] reserved = new StockReserved[Orders];
    private readonly SagaInstance<OrderData, OrderStatus>[] hubOrders = new SagaInstance<OrderData, OrderStatus>[Orders];
    private readonly OrderStatus[] statuses = new OrderStatus[Orders];
    private readonly StateMachine<OrderStatus, SagaTrigger>[] machines = new StateMachine<OrderStatus, SagaTrigger>[Orders];
    private OrderStatus status;

    [GlobalSetup]
    public void GlobalSetup()
    {
        OrderLine[] lines = [new("SKU-RED", 2, 10.00m), new("SKU-BLUE", 1, 5.50m)];
        for (var i = 0; i < Orders; i++)
        {
            var index = i;
            orderIds[i] = Guid.NewGuid();
            submitted[i] = new OrderSubmitted(orderIds[i], "c-1", lines);
            reserved[i] = new StockReserved(orderIds[i]);
            machines[i] = saga.ToStateMachine(() => statuses[index], s => statuses[index] = s);
        }
    }

    [IterationSetup(Target = nameof(SagaHubFire))]
    public void PrepareSagaHub()
    {
        for (var i = 0; i < Orders; i++)
        {
            hubOrders[i] = saga.NewInstance(orderIds[i]);
            saga.Fire(hubOrders[i], submitted[i], orderIds[i], Now);
        }
    }

    [IterationSetup(Target = nameof(StatelessFireAsync))]
    public void PrepareStateless() => Array.Fill(statuses, OrderStatus.Reserving);

    [Benchmark(Baseline = true, OperationsPerInvoke = Orders)]
    public FireResult? SagaHubFire()
    {
        FireResult? last = null;
        for (var i = 0; i < Orders; i++)
        {
            last = saga.Fire(hubOrders[i], reserved[i], orderIds[i], Now);
        }

        return last is { To: nameof(OrderStatus.Charging) } ? last : throw new InvalidOperationException($"SagaHub went to {last?.To}");
    }

    [Benchmark(OperationsPerInvoke = Orders)]
    public async Task<OrderStatus> StatelessFireAsync()
    {
        for (var i = 0; i < Orders; i++)
        {
            await machines[i].FireAsync(Reserved);
        }

        return statuses[^1] == OrderStatus.Charging ? statuses[^1] : throw new InvalidOperationException($"Stateless went to {statuses[^1]}");
    }

    [Benchmark]
    public StateMachine<OrderStatus, SagaTrigger> BuildMachine() => saga.ToStateMachine(() => status, s => status = s);
}
