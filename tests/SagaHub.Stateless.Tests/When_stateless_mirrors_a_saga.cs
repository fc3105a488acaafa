using SagaHub.Stateless.Tests.Support;
using SagaHub.Tests.Sagas;
using Demo = SagaHub.Orders;

namespace SagaHub.Stateless.Tests;

/// <summary>
/// The differential test: for every demo and test saga, every state (with the bookkeeping it can hold) and every trigger
/// the saga knows, SagaHub's engine and the Stateless machine agree on permitted, ignored or rejected, and on the target.
/// Guarded transitions are checked twice: without the message ("some declared transition applies") and with it (exactly).
/// </summary>
public class When_stateless_mirrors_a_saga
{
    public static TheoryData<string> Sagas() =>
    [
        "demo OrderSaga", "demo RefundSaga", "TestOrderSaga", "TestRefundSaga", "GuardSaga", "PlanSaga", "TraceSaga", "TripSaga",
    ];

    [Theory]
    [MemberData(nameof(Sagas))]
    public void Should_agree_with_the_engine_on_every_state_and_trigger(string saga)
    {
        var (disagreements, agreed) = saga switch
        {
            "demo OrderSaga" => Run(new Demo.OrderSaga()),
            "demo RefundSaga" => Run(new Demo.RefundSaga()),
            "TestOrderSaga" => Run(new TestOrderSaga()),
            "TestRefundSaga" => Run(new TestRefundSaga()),
            "GuardSaga" => Run(new GuardSaga()),
            "PlanSaga" => Run(new PlanSaga()),
            "TraceSaga" => Run(new TraceSaga()),
            "TripSaga" => Run(new TripSaga()),
            _ => throw new ArgumentOutOfRangeException(nameof(saga), saga, null),
        };

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreement(s):\n{string.Join("\n", disagreements)}");
        var taken = agreed.GetValueOrDefault("applied") + agreed.GetValueOrDefault("guarded");
        Assert.True(taken > 0 && agreed.GetValueOrDefault("rejected") > 0, $"too little was compared: {string.Join(", ", agreed)}");
    }

    [Fact]
    public void Should_compare_ignores_joins_compensations_tasks_and_guards()
    {
        Assert.True(Run(new Demo.OrderSaga()).Agreed.GetValueOrDefault("ignored") > 0, "no ignore compared in the demo OrderSaga");
        Assert.True(Run(new TripSaga()).Agreed.GetValueOrDefault("ignored") > 0, "no repeated join arrival compared in TripSaga");
        Assert.True(Run(new GuardSaga()).Agreed.GetValueOrDefault("guarded") > 0, "no guarded transition compared in GuardSaga");
        Assert.True(Run(new Demo.RefundSaga()).Agreed.GetValueOrDefault("guarded") > 0, "no guarded transition compared in the demo RefundSaga");
    }

    [Fact]
    public void Should_name_saga_state_and_trigger_when_they_disagree()
    {
        var engine = new AdHocSaga(Define(ignorePong: false));
        var mirrored = new AdHocSaga(Define(ignorePong: true));

        var disagreements = new Differential<AdHocData, AdHocStatus>(engine, mirrored).Run().Disagreements;

        Assert.Contains("AdHocSaga, state A (fresh), Pong: engine rejected, Stateless ignored", disagreements);
    }

    private static (List<string> Disagreements, Dictionary<string, int> Agreed) Run<TData, TStatus>(SagaDefinition<TData, TStatus> saga)
        where TData : class, new()
        where TStatus : struct, Enum
    {
        var run = new Differential<TData, TStatus>(saga).Run();
        return (run.Disagreements, run.Agreed);
    }

    private static Action<AdHocSaga> Define(bool ignorePong) => s =>
    {
        s.CorrelateAll();
        s.Initially<Go>().GoTo(AdHocStatus.A);
        var a = s.During(AdHocStatus.A);
        a.On<Ping>().GoTo(AdHocStatus.Done);
        if (ignorePong)
        {
            a.Ignore<Pong>();
        }
        else
        {
            s.During(AdHocStatus.B).On<Pong>().GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.A).On<UndoA>().GoTo(AdHocStatus.B);
        }

        s.Final(AdHocStatus.Done);
    };
}
